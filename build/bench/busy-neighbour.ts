// Another process that keeps one CPU busy while a measure runs: a build or a second tool beside
// the viewer. On a machine with few cores it decides whether threads that hand work to each
// other still find a CPU when they need one.

import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** The busy loop ends by itself once its parent is gone or this many seconds have passed. */
const BUSY_LIMIT_SECONDS = 120;

const BUSY_LOOP = `
const parent = process.ppid;
const end = Date.now() + ${BUSY_LIMIT_SECONDS * 1000};
for (let spins = 1; ; spins++) {
  if (spins % 1e6 === 0) {
    if (Date.now() > end) process.exit(0);
    try { process.kill(parent, 0); } catch { process.exit(0); }
  }
}`;

/** Runs `measure` while a busy-looping process runs beside it. */
export async function besideBusyProcess<T>(measure: () => Promise<T>): Promise<T> {
  const busy = spawn(process.execPath, ['-e', BUSY_LOOP], { stdio: 'ignore' });
  const ended = new Promise<void>((resolve, reject) => {
    busy.once('exit', () => resolve());
    busy.once('error', reject);
  });
  try {
    await Promise.race([sleep(100), ended]); // until it runs
    if (busy.exitCode !== null || busy.signalCode !== null) {
      throw new Error(`the busy process ended at once (exit code ${busy.exitCode})`);
    }
    return await measure();
  } finally {
    busy.kill('SIGKILL');
    await ended.catch(() => undefined);
  }
}
