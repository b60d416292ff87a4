import { StrataError } from '@strata/core';

/**
 * A worker thread of `fit({ workers })` failed as a thread: it stopped making progress (the
 * watchdog's deadline passed) or it exited before training ended. Errors thrown by the training code
 * inside a worker keep their own class.
 *
 * @example
 * ```ts
 * import { StrataError } from '@strata/core';
 * import { WorkerError } from '@strata/train';
 *
 * const error = new WorkerError('fit({workers})', 'worker 1 of 2 made no progress for 60 s');
 * error.message; // => 'fit({workers}): worker 1 of 2 made no progress for 60 s'
 * error instanceof StrataError; // => true
 * ```
 */
export class WorkerError extends StrataError {}
