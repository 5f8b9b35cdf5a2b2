// Starts a worker thread from one of the project's worker entry points: the bundled .cjs beside
// the running bundle (main.cjs, cli.cjs and job-worker.cjs all live in dist/), or, when running
// from the TypeScript sources (tests, tsx), the .ts entry through tsx's require hook.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { Worker, type TransferListItem } from 'node:worker_threads';

export interface WorkerScript {
  /** The caller's __dirname: dist/ when bundled, the entry's source folder otherwise. */
  dir: string;
  /** File name of the bundle in dist/, e.g. job-worker.cjs. */
  bundled: string;
  /** File name of the TypeScript entry in `dir` when running from the sources. */
  source: string;
}

/** `transferList`: what workerData hands over rather than copies (a MessagePort). */
export function startWorkerScript(
  script: WorkerScript,
  workerData: unknown,
  transferList: readonly TransferListItem[] = [],
): Worker {
  const options = { workerData, transferList: [...transferList] };
  const bundled = join(script.dir, script.bundled);
  // In a packaged app worker bundles and koffi are unpacked beside app.asar (electron-builder's
  // asarUnpack): run them from there, where their require('koffi') finds the native module.
  const unpacked = bundled.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
  if (unpacked !== bundled && existsSync(unpacked)) return new Worker(unpacked, options);
  if (existsSync(bundled)) return new Worker(bundled, options);
  const source = join(script.dir, script.source);
  if (existsSync(source)) {
    const tsx = createRequire(source).resolve('tsx/cjs');
    const code = `require(${JSON.stringify(tsx)});\nrequire(${JSON.stringify(source)});\n`;
    return new Worker(code, { eval: true, ...options });
  }
  throw new Error(
    `A worker is missing: neither ${bundled} nor ${source} exists. Rebuild with npm run build.`,
  );
}
