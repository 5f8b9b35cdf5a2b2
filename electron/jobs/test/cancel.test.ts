// Cancelling: a job over a huge disk stops within a second, also while one of its reads hangs on
// a slow sector, and a hanging read of one job does not hold up another job's reads.

import assert from 'node:assert/strict';
import { existsSync, openSync, closeSync, ftruncateSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  attachFaultyDisk,
  canUseFaultyDisk,
} from '../../../native-bridge/test/faulty-disk/faulty-disk';
import type { HashResult, JobProgress } from '../../shared/contract';
import { JobCancelledError } from '../job-cancelled';
import { runJobOnPath } from '../run-job-on-path';
import { ddSha256, tempDir, writeImage } from './job-test-support';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Resolves with the first progress report, so that cancels happen mid-read, not at start-up. */
function firstProgress(): { seen: Promise<JobProgress>; onProgress: (p: JobProgress) => void } {
  let resolve!: (p: JobProgress) => void;
  const seen = new Promise<JobProgress>((r) => (resolve = r));
  return { seen, onProgress: (p) => resolve(p) };
}

async function cancelLatency(job: Promise<unknown>, controller: AbortController): Promise<number> {
  const started = performance.now();
  controller.abort();
  await assert.rejects(job, JobCancelledError);
  return performance.now() - started;
}

test('a hash of a 64 GiB sparse image cancelled after 200 ms reports cancelled within 1 s', async (t) => {
  const path = join(tempDir(t), 'sparse.img');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 64 * GiB);
  closeSync(fd);
  const controller = new AbortController();
  const progress = firstProgress();
  const job = runJobOnPath(
    path,
    undefined,
    { kind: 'hash', algorithms: ['md5', 'sha1', 'sha256'] },
    { signal: controller.signal, onProgress: progress.onProgress },
  );
  job.catch(() => undefined);
  const first = await progress.seen;
  assert.equal(first.bytesTotal, String(64 * GiB));
  await sleep(200);
  const latency = await cancelLatency(job, controller);
  t.diagnostic(`cancelled in ${latency.toFixed(0)} ms`);
  assert.ok(latency < 1000, `cancel took ${latency} ms`);
});

test('a cancelled export removes its partial file, which never had the name asked for', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'sparse.img');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 16 * GiB);
  closeSync(fd);
  const out = join(dir, 'out.bin');
  const controller = new AbortController();
  const progress = firstProgress();
  const job = runJobOnPath(
    path,
    undefined,
    { kind: 'export' },
    {
      exportTo: { path: out },
      signal: controller.signal,
      onProgress: progress.onProgress,
    },
  );
  job.catch(() => undefined);
  await progress.seen;
  // Written under a hidden temporary name until complete (export-placement.ts).
  assert.ok(!existsSync(out), 'no file under the name asked for while the export runs');
  const partials = readdirSync(dir).filter((name) => name.startsWith('.out.bin.sectorscope-'));
  assert.equal(partials.length, 1, 'the export runs in a hidden temporary');
  const latency = await cancelLatency(job, controller);
  assert.ok(latency < 1000, `cancel took ${latency} ms`);
  // Gone by the time the cancel is reported: the worker's writes had all returned by then.
  assert.deepEqual(readdirSync(dir), ['sparse.img']);
});

const unavailable = canUseFaultyDisk();

test(
  'a read that hangs holds up neither another job nor a cancel',
  { skip: unavailable ?? false },
  async (t) => {
    const dir = tempDir(t);
    const backing = join(dir, 'slow.img');
    writeImage(backing, 8 * MiB);
    const delayMs = 4000;
    const slowLba = BigInt((2 * MiB) / 512);
    const disk = await attachFaultyDisk({
      backingImage: backing,
      delay: { ms: delayMs, sectors: [slowLba] },
    });
    t.after(async () => {
      // Let the slow read come back before the device goes away.
      await sleep(delayMs);
      await disk.detach();
    });

    const controller = new AbortController();
    const progress = firstProgress();
    let stuckSettled = false;
    const stuck = runJobOnPath(
      disk.device,
      undefined,
      { kind: 'hash', algorithms: ['sha256'] },
      { blockBytes: MiB, signal: controller.signal, onProgress: progress.onProgress },
    );
    stuck.then(
      () => (stuckSettled = true),
      () => (stuckSettled = true),
    );
    await progress.seen;
    const started = performance.now();

    // Another job on the same device, on sectors past the slow one, runs at full speed.
    const other = await runJobOnPath(
      disk.device,
      { lba: BigInt((4 * MiB) / 512), count: BigInt((4 * MiB) / 512) },
      { kind: 'hash', algorithms: ['sha256'] },
      { blockBytes: MiB },
    );
    const otherMs = performance.now() - started;
    t.diagnostic(`the other job took ${otherMs.toFixed(0)} ms beside a ${delayMs} ms read`);
    assert.equal((other.result as HashResult).digests.sha256, ddSha256(backing, MiB, 4n, 4n));
    assert.ok(otherMs < delayMs / 2, `the other job waited ${otherMs} ms`);
    assert.equal(stuckSettled, false, 'the first job is still waiting for its slow read');

    const latency = await cancelLatency(stuck, controller);
    t.diagnostic(`cancelled with a read in flight in ${latency.toFixed(0)} ms`);
    assert.ok(latency < 1000, `cancel took ${latency} ms`);
    assert.ok(performance.now() - started < delayMs, 'cancelled before the slow read returned');
  },
);
