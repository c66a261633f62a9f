/**
 * A lock between processes: a folder created with mkdir (atomic), holding the holder's pid. Used for
 * `terraform init`, whose plugin cache Terraform does not make safe for concurrent use
 * (scripts/lib/terraform.ts withInitLock, drill/main.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** True when process `pid` exists (signal 0 checks without sending anything). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DirLockOptions {
  /** How long to wait for another holder before failing. @default 300000 */
  readonly waitMs?: number;
  /** What the lock guards, for the error message. @default 'lock' */
  readonly what?: string;
}

/**
 * Runs `fn` holding the lock folder `lock`, waiting while another live process holds it. A lock whose
 * holder died is taken over; one held longer than `waitMs` is an error naming the folder and the pid.
 * The folder is removed when `fn` settles, also when it fails.
 */
export async function withDirLock<T>(lock: string, fn: () => Promise<T>, options: DirLockOptions = {}): Promise<T> {
  const waitMs = options.waitMs ?? 300_000;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = NaN;
      try {
        holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // Just created: the holder writes its pid next.
      }
      // Two waiters that both find a dead holder can both remove the folder, the second one the folder
      // the first has just created, and then hold it together: only after a crash, and left as is.
      if (Number.isInteger(holder) && holder > 0 && !processAlive(holder)) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`${options.what ?? 'lock'}: waited ${waitMs / 1000} s for ${lock} (held by pid ${holder}); remove it if that process is not running`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
