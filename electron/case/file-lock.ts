// Locks between processes on a file of the case folder: flock(2), held by a child `flock`
// process (util-linux), since Node has no flock. The kernel drops the lock the moment its holder
// is gone, however it goes (kill -9, a crash, a power cut), so a lock is never stale: nothing
// has to guess from a pid whether its holder still runs, and nobody ever breaks a lock. A lock
// file with O_EXCL and the holder's pid would have to be broken when stale, and two processes
// breaking the same stale lock can both end up holding it; flock has no such race.
//
// The child is `flock MODE FILE sh -c 'echo locked; exec cat'`: it prints `locked` once it holds
// the lock and keeps it until its stdin closes, which happens when we release it and also when
// this process dies. A lock costs one short-lived process (a few milliseconds).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { SectorscopeError } from '../shared/contract';

export interface HeldLock {
  /** Gives the lock up; resolves once the kernel has dropped it. Idempotent. */
  release(): Promise<void>;
}

export interface LockRequest {
  /** exclusive: one holder (appends, the viewer's hold on a case); shared: many readers. */
  mode: 'exclusive' | 'shared';
  /** Seconds to wait for the lock; 0: do not wait (null when it is taken). */
  waitSeconds: number;
}

/** The exit status flock gives when the lock is taken (-n) or the wait ran out (-w). */
const CONFLICT = 75;
/** flock could not open the lock file (EX_NOINPUT): a read-only folder, no permission. */
const CANNOT_OPEN = 66;

export class LockFileUnopenable extends Error {
  override name = 'LockFileUnopenable';
}

/**
 * Takes the lock on `path` (created when missing). Resolves null when it is taken and the wait
 * ran out (or `waitSeconds` is 0); throws LockFileUnopenable when the file cannot be opened (a
 * read-only folder), and SectorscopeError when flock is missing.
 */
export function lockFile(path: string, request: LockRequest): Promise<HeldLock | null> {
  const wait =
    request.waitSeconds > 0 ? ['--timeout', String(request.waitSeconds)] : ['--nonblock'];
  const args = [
    request.mode === 'exclusive' ? '--exclusive' : '--shared',
    ...wait,
    '--conflict-exit-code',
    String(CONFLICT),
    path,
    '-c',
    'echo locked; exec cat >/dev/null',
  ];
  const env = { ...process.env, LC_ALL: 'C', PATH: `${process.env.PATH ?? ''}:/usr/bin:/bin` };
  const child = spawn('flock', args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let held = false;
    const exited = new Promise<void>((done) => child.once('close', () => done()));
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (held || !stdout.includes('locked\n')) return;
      held = true;
      // A held lock must not keep this process alive (its death releases the lock); letting
      // it go does, until flock has gone.
      setReferenced(child, false);
      let released: Promise<void> | undefined;
      resolve({
        release: () => {
          released ??= (async () => {
            setReferenced(child, true);
            child.stdin.end();
            await exited;
          })();
          return released;
        },
      });
    });
    child.stdin.on('error', () => undefined);
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (held) return;
      reject(
        error.code === 'ENOENT'
          ? new SectorscopeError(
              'UNSUPPORTED',
              'Locking a case needs the flock command (util-linux): install util-linux.',
            )
          : error,
      );
    });
    child.once('close', (code) => {
      if (held) return;
      if (code === CONFLICT) resolve(null);
      else if (code === CANNOT_OPEN) reject(new LockFileUnopenable(flockMessage(stderr, path)));
      else reject(new Error(`flock ${path} failed (exit ${code}): ${flockMessage(stderr, path)}`));
    });
  });
}

/** Whether the child (and its pipes) keep this process's event loop alive. */
function setReferenced(child: ChildProcessWithoutNullStreams, referenced: boolean): void {
  const handles = [child, child.stdin, child.stdout, child.stderr] as unknown as {
    ref(): void;
    unref(): void;
  }[];
  for (const handle of handles) {
    if (referenced) handle.ref();
    else handle.unref();
  }
}

function flockMessage(stderr: string, path: string): string {
  return stderr.trim().replace(/^flock: /, '') || `cannot lock ${path}`;
}
