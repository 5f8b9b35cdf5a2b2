// Starts a thread running job-worker: the bundled dist/job-worker.cjs beside the running bundle
// (main.cjs, cli.cjs), or, when running from the TypeScript sources (tests, tsx), job-worker.ts
// through tsx's require hook.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';

const BUNDLED_WORKER_NAME = 'job-worker.cjs';
const SOURCE_WORKER_NAME = 'job-worker.ts';

export function startJobWorker(workerData: unknown): Worker {
  const bundled = join(__dirname, BUNDLED_WORKER_NAME);
  // In a packaged app the worker and koffi are unpacked beside app.asar (electron-builder's
  // asarUnpack): run it from there, where its require('koffi') finds the native module.
  const unpacked = bundled.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
  if (unpacked !== bundled && existsSync(unpacked)) return new Worker(unpacked, { workerData });
  if (existsSync(bundled)) return new Worker(bundled, { workerData });
  const source = join(__dirname, SOURCE_WORKER_NAME);
  if (existsSync(source)) {
    const tsx = createRequire(source).resolve('tsx/cjs');
    const code = `require(${JSON.stringify(tsx)});\nrequire(${JSON.stringify(source)});\n`;
    return new Worker(code, { eval: true, workerData });
  }
  throw new Error(
    `The job worker is missing: neither ${bundled} nor ${source} exists. Rebuild with npm run build.`,
  );
}
