import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A real small file system (tmpfs) for storage-fault tests: fill it to make SQLite fail with
 * SQLITE_FULL, free it to let writes succeed again. Mounting needs root (CI runs as root).
 */
export interface SmallDisk {
  dir: string;
  /** Fills every free byte with a filler file. */
  fill(): void;
  /** Removes the filler file. */
  free(): void;
  /** Gives the file system a new size (contents kept). */
  resize(sizeKb: number): void;
  unmount(): void;
}

export const canMount = typeof process.getuid === 'function' && process.getuid() === 0;

export function mountSmallDisk(sizeKb: number): SmallDisk {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = fs.openSync(filler, 'a');
      const block = Buffer.alloc(4096);
      try {
        for (;;) fs.writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        fs.closeSync(fd);
      }
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    resize(sizeKb: number) {
      execFileSync('mount', ['-o', `remount,size=${sizeKb}k`, dir]);
    },
    unmount() {
      execFileSync('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
