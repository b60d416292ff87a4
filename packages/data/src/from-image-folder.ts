import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertKnownKeys, ConfigError, DataError } from '@strata/core';
import { Dataset } from './dataset.js';
import { type DecodeImageOptions, decodeImage } from './decode-image.js';
import type { Sample } from './types.js';

/** Options of `fromImageFolder`. */
export interface ImageFolderOptions extends DecodeImageOptions {
  /** Skip files that cannot be decoded instead of throwing; each goes to `onInvalid`. */
  readonly skipInvalid?: boolean;
  readonly onInvalid?: (error: DataError) => void;
}

/** One image and its class index (the position of its folder among the sorted class names). */
export interface ImageFolderElement {
  readonly x: Sample<Uint8Array>;
  readonly y: number;
}

/** An image-folder data set and the class names its labels index. */
export interface ImageFolderDataset extends Dataset<ImageFolderElement> {
  readonly classes: readonly string[];
  /** Each element's file, in element order. */
  readonly files: readonly string[];
}

const IMAGE_FILE = /\.(png|jpe?g)$/i;

function listDir(path: string, label: string) {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch (e) {
    throw new ConfigError(
      label,
      `cannot list ${path} (${(e as { code?: string }).code ?? (e as Error).message})`,
    );
  }
}

/**
 * Images in a folder of class folders (`root/cat/1.png`, `root/dog/a.jpg`, as Keras's
 * `image_dataset_from_directory`): one element `{ x, y }` per `.png`, `.jpg` or `.jpeg` file, `x` its
 * uint8 pixels [height, width, channels] (decoded by `decodeImage`: `pngjs`, `jpeg-js`) and `y` the
 * index of its folder among the class folders sorted by name (`classes`). Files are read when an
 * element is, so a folder larger than memory streams; random access keeps `shuffle` a permutation of
 * files. A file that cannot be decoded throws a DataError naming it; with `skipInvalid` it goes to
 * `onInvalid` and is left out. Batching needs images of one size (`resize` from @strata/augment).
 *
 * @example
 * ```ts
 * import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { fromImageFolder } from '@strata/data/node';
 * import { PNG } from 'pngjs';
 *
 * const root = mkdtempSync(join(tmpdir(), 'strata-images-'));
 * for (const [cls, value] of [['cat', 10], ['dog', 200]] as const) {
 *   mkdirSync(join(root, cls));
 *   const png = new PNG({ width: 1, height: 1 });
 *   png.data.set([value, value, value, 255]);
 *   writeFileSync(join(root, cls, 'a.png'), PNG.sync.write(png));
 * }
 * writeFileSync(join(root, 'dog', 'broken.png'), 'not an image');
 * const skipped: string[] = [];
 * const ds = fromImageFolder(root, { channels: 1, skipInvalid: true, onInvalid: (e) => skipped.push(e.message) });
 * ds.classes; // => ['cat', 'dog']
 * (await ds.toArray()).map((e) => [Array.from(e.x.values), e.y]); // => [[[10], 0], [[200], 1]]
 * skipped.length; // => 1
 * rmSync(root, { recursive: true });
 * ```
 */
export function fromImageFolder(root: string, options: ImageFolderOptions = {}): ImageFolderDataset {
  const label = `fromImageFolder(${root})`;
  assertKnownKeys(options, ['channels', 'maxPixels', 'skipInvalid', 'onInvalid'], `${label}(options)`);
  const { skipInvalid = false, onInvalid, ...decode } = options;
  const classes = listDir(root, label)
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  if (classes.length === 0) {
    throw new ConfigError(
      label,
      "has no class folders; put each class's images in a folder of its own under it",
    );
  }
  const files: string[] = [];
  const labels: number[] = [];
  classes.forEach((cls, y) => {
    const names = listDir(join(root, cls), label)
      .filter((f) => f.isFile() && IMAGE_FILE.test(f.name))
      .map((f) => f.name)
      .sort();
    for (const name of names) {
      files.push(join(root, cls, name));
      labels.push(y);
    }
  });
  const read = (index: number): ImageFolderElement | undefined => {
    const file = files[index] as string;
    try {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        throw new DataError(
          file,
          `cannot be read (${(e as { code?: string }).code ?? (e as Error).message})`,
        );
      }
      return { x: decodeImage(bytes, file, decode), y: labels[index] as number };
    } catch (e) {
      if (!(e instanceof DataError) || !skipInvalid) throw e;
      onInvalid?.(e);
      return undefined;
    }
  };
  // With skipInvalid the count is only known after reading, so random access and size go with it.
  const dataset = new Dataset<ImageFolderElement>({
    size: skipInvalid ? undefined : files.length,
    dtypes: {},
    ...(skipInvalid ? {} : { get: (index: number) => read(index) as ImageFolderElement }),
    async *open() {
      for (let i = 0; i < files.length; i++) {
        const element = read(i);
        if (element !== undefined) yield element;
      }
    },
  });
  return Object.assign(dataset, { classes, files }) as ImageFolderDataset;
}
