import { ConfigError } from '@strata/core';
import { fromArray } from '@strata/data';
import type { ClassificationData } from './strata-plugin.js';

/**
 * Keeps the rows of the given classes and numbers them in the order given: `[3, 8]` makes a binary
 * task of 3 (label 0) against 8 (label 1). How a dataset entry offers a subset of its classes
 * (`strata/mnist`'s `digits`), so a binary task, with its ROC and PR curves, needs no new data. Each
 * split is read once and kept as an array, so the subset has a known size and random access (for
 * `shuffle('all')` and the steps per epoch).
 *
 * @example
 * ```ts
 * import { fromArray } from '@strata/data';
 * import { selectClasses } from '@strata/cli';
 *
 * const rows = fromArray([0, 3, 8, 3, 5].map((y) => ({ x: y * 10, y })));
 * const data = await selectClasses({ train: rows, inputShape: [null, 1], classes: 10 }, [3, 8], 'demo/data');
 * const labels: number[] = [];
 * for await (const row of data.train) labels.push(row.y);
 * labels; // => [0, 1, 0]
 * data.classes; // => 2
 * data.train.cardinality(); // => 3
 * ```
 */
export async function selectClasses(
  data: ClassificationData,
  keep: readonly number[],
  label: string,
): Promise<ClassificationData> {
  const bad = keep.find((c) => !Number.isInteger(c) || c < 0 || c >= data.classes);
  if (bad !== undefined)
    throw new ConfigError(label, `class ${bad} is not one of the data set's classes 0…${data.classes - 1}`);
  if (keep.length < 2 || new Set(keep).size !== keep.length)
    throw new ConfigError(label, `needs at least two distinct classes, got [${keep.join(', ')}]`);
  const index = new Map(keep.map((c, i) => [c, i]));
  const subset = async (ds: ClassificationData['train']) =>
    fromArray(
      (await ds.filter((row) => index.has(row.y)).toArray()).map((row) => ({ ...row, y: index.get(row.y)! })),
    );
  return {
    ...data,
    train: await subset(data.train),
    ...(data.validation ? { validation: await subset(data.validation) } : {}),
    ...(data.test ? { test: await subset(data.test) } : {}),
    classes: keep.length,
  };
}
