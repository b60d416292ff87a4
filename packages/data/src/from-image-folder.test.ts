import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DataError } from '@strata/core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromImageFolder } from './from-image-folder.js';

/** A 2×2 gray PNG whose four pixels are v, v+1, v+2, v+3 (row-major). */
function png(v: number): Uint8Array {
  const p = new PNG({ width: 2, height: 2 });
  for (let i = 0; i < 4; i++) p.data.set([v + i, v + i, v + i, 255], i * 4);
  return new Uint8Array(PNG.sync.write(p));
}

/** A flat 8×8 JPEG of one gray level. */
function flatJpeg(v: number): Uint8Array {
  const data = new Uint8Array(8 * 8 * 4).fill(v);
  return new Uint8Array(jpeg.encode({ width: 8, height: 8, data }, 100).data);
}

describe('fromImageFolder', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'strata-image-folder-'));
    // Classes sorted by name: bird 0, cat 1, dog 2 (created out of order on purpose).
    for (const cls of ['dog', 'bird', 'cat']) mkdirSync(join(root, cls));
    writeFileSync(join(root, 'cat', 'b.png'), png(30));
    writeFileSync(join(root, 'cat', 'a.png'), png(20));
    writeFileSync(join(root, 'dog', 'x.PNG'), png(40));
    writeFileSync(join(root, 'bird', 'only.png'), png(10));
    writeFileSync(join(root, 'dog', 'readme.txt'), 'not an image, not listed');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('labels each image by its folder among the sorted class folders, files sorted by name', async () => {
    const ds = fromImageFolder(root, { channels: 1 });
    expect(ds.classes).toEqual(['bird', 'cat', 'dog']);
    expect(ds.size).toBe(4);
    expect(ds.files).toEqual([
      join(root, 'bird', 'only.png'),
      join(root, 'cat', 'a.png'),
      join(root, 'cat', 'b.png'),
      join(root, 'dog', 'x.PNG'),
    ]);
    const elements = await ds.toArray();
    expect(elements.map((e) => e.y)).toEqual([0, 1, 1, 2]);
    expect(elements.map((e) => Array.from(e.x.values))).toEqual([
      [10, 11, 12, 13],
      [20, 21, 22, 23],
      [30, 31, 32, 33],
      [40, 41, 42, 43],
    ]);
    expect(elements[0]!.x.shape).toEqual([2, 2, 1]);
  });

  it('decodes JPEG next to PNG, RGB by default', async () => {
    writeFileSync(join(root, 'bird', 'photo.jpeg'), flatJpeg(128));
    const elements = await fromImageFolder(root).toArray();
    const photo = elements[1]!;
    expect(photo.y).toBe(0);
    expect(photo.x.shape).toEqual([8, 8, 3]);
    for (const v of photo.x.values) expect(Math.abs(v - 128)).toBeLessThanOrEqual(2);
  });

  it('shuffles as a permutation of the files, the same for the same seed', async () => {
    const ds = fromImageFolder(root, { channels: 1 });
    const order = async (seed: number) =>
      (await ds.shuffle('all', { seed }).toArray()).map((e) => e.x.values[0] as number);
    const a = await order(3);
    expect([...a].sort((x, y) => x - y)).toEqual([10, 20, 30, 40]);
    expect(await order(3)).toEqual(a);
  });

  it('an unreadable image throws a DataError naming the file; skipInvalid counts it instead', async () => {
    const bad = join(root, 'cat', 'c.png');
    writeFileSync(bad, png(50).slice(0, 30));
    await expect(fromImageFolder(root).toArray()).rejects.toThrow(DataError);
    await expect(fromImageFolder(root).toArray()).rejects.toThrow(`${bad}: not a readable PNG`);
    const skipped: DataError[] = [];
    const ds = fromImageFolder(root, { channels: 1, skipInvalid: true, onInvalid: (e) => skipped.push(e) });
    expect(ds.size).toBeUndefined();
    expect((await ds.toArray()).map((e) => e.y)).toEqual([0, 1, 1, 2]);
    expect(skipped.map((e) => e.label)).toEqual([bad]);
  });

  it('refuses a root without class folders or that cannot be listed, and unknown options', () => {
    const empty = mkdtempSync(join(tmpdir(), 'strata-image-folder-empty-'));
    try {
      expect(() => fromImageFolder(empty)).toThrow(/has no class folders/);
    } finally {
      rmSync(empty, { recursive: true });
    }
    expect(() => fromImageFolder(join(root, 'missing'))).toThrow(ConfigError);
    expect(() => fromImageFolder(join(root, 'missing'))).toThrow(/cannot list .*missing \(ENOENT\)/);
    expect(() => fromImageFolder(root, { resize: 2 } as never)).toThrow(/resize/);
  });
});
