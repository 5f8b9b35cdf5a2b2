// Another process that keeps one CPU busy while a measure runs: a build or a second tool beside
// the viewer. On a machine with few cores it decides whether threads that hand work to each
// other still find a CPU when they need one.

import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** Runs `measure` while a busy-looping process runs beside it. */
export async function besideBusyProcess<T>(measure: () => Promise<T>): Promise<T> {
  const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => busy.once('exit', () => resolve()));
  try {
    await sleep(100); // until it runs
    return await measure();
  } finally {
    busy.kill('SIGKILL');
    await exited;
  }
}
