import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/*
 * Writes that survive a power cut, not only a crash of this process. `rename` is atomic, but without an
 * fsync the kernel may persist the rename before the file's bytes (ext4's delayed allocation is the
 * known case), leaving a whole-looking name over an empty or partial file. So: write the temporary file,
 * fsync it, rename it into place, and fsync the folder so that the rename itself is on disk.
 */

/** Writes `data` to `path.tmp`, flushes it to the disk and renames it to `path`. */
export function writeFileDurable(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let at = 0;
    while (at < bytes.byteLength) at += writeSync(fd, bytes, at, bytes.byteLength - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Flushes a folder's entries (the names created or renamed in it) to the disk. */
export function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch (error) {
    // Windows cannot open a folder as a file; its renames are durable through NTFS's journal instead.
    if (isRefusal(error)) return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    // Some platforms and file systems refuse fsync on a folder (EISDIR, EPERM, EINVAL on some network
    // and FUSE mounts); there the folder cannot be flushed, and the file fsyncs are all we can do.
    if (!isRefusal(error)) throw error;
  } finally {
    closeSync(fd);
  }
}

function isRefusal(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EACCES';
}
