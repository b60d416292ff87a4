import { StrataError } from '@strata/core';

/**
 * A worker thread of `fit({ workers })` failed as a thread: it stopped making progress (the
 * watchdog's deadline passed) or it exited before training ended. Errors thrown by the training code
 * inside a worker keep their own class.
 */
export class WorkerError extends StrataError {}
