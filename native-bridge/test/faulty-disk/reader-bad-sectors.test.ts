// The native bridge's DiskReader on a loop device with real bad sectors (EIO from the kernel).
// Oracles: the backing image's own bytes, the chosen bad sectors, and the FUSE program's log of
// the reads that reached the medium.
import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { open, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DiskReader, NativeDiskError, type ReaderTuning } from '../../index';
import { fuseProcessOf } from '../fuse-process';
import { attachDelayedDisk } from './delayed-disk';
import { attachFaultyDisk, canUseFaultyDisk } from './faulty-disk';
import { ddRead } from './dd-oracle';
import { checkDelayRig, rigBroken } from './rig-checks';
import { runTool, runToolOrThrow } from './run-tool';
import { EIO } from '../../constants';
import { IoRingReader } from '../../io-ring/io-ring-reader';
import { getLibc } from '../../libc';
import {
  ioRingSkipReason,
  openRingReader,
  ringDescriptors,
  untilQuickPathServes,
} from '../support';
import { cleanupStack, makeWorkDir, withZeroedSectors, writeRandomImage } from './test-images';

const IMAGE_SIZE = 1 << 20;
const skip = canUseFaultyDisk() ?? false;
const ioRingSkip = ioRingSkipReason();

/** Single-sector reads of `lba` that the FUSE program answered with EIO. */
function failedSingleReads(log: string, lba: bigint, sectorSize: number): number {
  const line = `read ${lba * BigInt(sectorSize)}+${sectorSize} EIO`;
  return log.split('\n').filter((entry) => entry.endsWith(line)).length;
}

/** What `work` resolves with, or undefined if it takes longer than `ms`. */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  const abort = new AbortController();
  const timeout = sleep(ms, undefined, { signal: abort.signal }).catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    abort.abort(); // a pending timer would keep the test process alive
  }
}

/** A reader on a disk whose sector `slowLba` answers only after `delayMs`; `at`: expected bytes. */
async function openDelayedDisk(
  t: TestContext,
  sectorSize: number,
  delayMs: number,
  slowLba: bigint,
  tuning?: ReaderTuning,
) {
  const options = { sectorSize, imageBytes: IMAGE_SIZE, delayMs, slowLba };
  const { defer, image, disk, workDir } = await attachDelayedDisk(t, options);
  const reader = await DiskReader.open(disk.device, undefined, tuning);
  defer(() => reader.close());
  const at = (lba: number, count: number) =>
    image.subarray(lba * sectorSize, (lba + count) * sectorSize);
  /** dd's check that the rig delays slowLba and not fastLba; start it with the slow read. */
  const checkRig = (fastLba: bigint) =>
    checkDelayRig({ disk, sectorSize, slowLba, fastLba, delayMs, workDir });
  return { defer, reader, at, disk, workDir, checkRig };
}

for (const sectorSize of [512, 4096]) {
  describe(`DiskReader on bad ${sectorSize}-byte sectors`, { skip }, () => {
    const sectorCount = BigInt(IMAGE_SIZE / sectorSize);
    const bad = [0n, 9n, 10n, 37n, 100n, 101n, 102n, 103n, sectorCount - 1n];

    test('lists exactly the bad sectors, zeros there and the right bytes elsewhere', async (t) => {
      const defer = cleanupStack(t);
      const work = await makeWorkDir();
      defer(work.remove);
      const backingImage = join(work.dir, 'backing.img');
      const image = await writeRandomImage(backingImage, IMAGE_SIZE);
      const disk = await attachFaultyDisk({ backingImage, sectorSize, badSectors: bad });
      defer(disk.detach);
      const reader = await DiskReader.open(disk.device);
      defer(() => reader.close());

      const geometry = await runToolOrThrow('blockdev', ['--getss', '--getsize64', disk.device]);
      assert.deepEqual(geometry.stdout.trim().split('\n'), [`${sectorSize}`, `${IMAGE_SIZE}`]);
      assert.equal(reader.info.kind, 'block');
      assert.equal(reader.info.logicalSectorSize, sectorSize);
      assert.equal(reader.info.sectorCount, sectorCount);
      assert.equal(reader.info.directIO, true);

      const expected = withZeroedSectors(image, bad, sectorSize);
      const ranges: [bigint, number][] = [
        [0n, 16], // bad 0, 9, 10
        [30n, 8], // bad 37 at its end
        [11n, 26], // between bad 10 and 37: nothing bad
        [96n, 16], // a run of four bad sectors inside
        [sectorCount - 8n, 8], // the last sector
        [5n, 1], // a single good sector
        [37n, 1], // a single bad sector
        [0n, Number(sectorCount)], // the whole device in one call
      ];
      for (const [lba, count] of ranges) {
        const end = lba + BigInt(count);
        const result = await reader.readSectors(lba, count);
        const label = `sectors ${lba}+${count}`;
        const badHere = bad.filter((b) => b >= lba && b < end);
        assert.deepEqual(result.unreadable, badHere, label);
        assert.deepEqual(
          result.unreadableErrnos,
          badHere.map(() => EIO),
          `${label}: EIO each`,
        );
        const from = Number(lba) * sectorSize;
        assert.ok(
          Buffer.from(result.data).equals(expected.subarray(from, from + count * sectorSize)),
          `${label}: bytes differ from the backing image with the bad sectors zeroed`,
        );
      }

      // An unaligned byte range that ends one byte into bad sector 37.
      const offset = 20n * BigInt(sectorSize) + 3n;
      const length = 17 * sectorSize - 2;
      const bytes = await reader.readBytes(offset, length);
      assert.deepEqual(bytes.unreadable, [37n]);
      const start = Number(offset);
      assert.ok(Buffer.from(bytes.data).equals(expected.subarray(start, start + length)));
    });

    test('retries each bad sector as often as asked', async (t) => {
      const defer = cleanupStack(t);
      const work = await makeWorkDir();
      defer(work.remove);
      const backingImage = join(work.dir, 'backing.img');
      await writeRandomImage(backingImage, IMAGE_SIZE);
      const disk = await attachFaultyDisk({
        backingImage,
        sectorSize,
        badSectors: bad,
        logReads: true,
      });
      defer(disk.detach);
      const reader = await DiskReader.open(disk.device);
      defer(() => reader.close());

      for (const retries of [0, 2]) {
        const before = await disk.log();
        const result = await reader.readSectors(96n, 16, { retries });
        assert.deepEqual(result.unreadable, [100n, 101n, 102n, 103n]);
        const log = (await disk.log()).slice(before.length);
        for (const lba of [100n, 101n, 102n, 103n]) {
          assert.equal(failedSingleReads(log, lba, sectorSize), 1 + retries, `sector ${lba}`);
        }
      }
    });

    test('a hanging sector does not hold up reads elsewhere', async (t) => {
      const delayMs = 1500;
      const { reader, at, checkRig } = await openDelayedDisk(t, sectorSize, delayMs, 50n);

      const start = performance.now();
      const slow = reader.readSectors(50n, 1).then((result) => ({
        result,
        ms: performance.now() - start,
      }));
      await sleep(100);
      const fastStart = performance.now();
      const fast = await reader.readSectors(200n, 4);
      const fastMs = performance.now() - fastStart;
      // Only now, so that spawning dd does not slow the reads above; it overlaps the slow one.
      const rig = checkRig(201n);
      const slowDone = await slow;
      const rigProblem = await rig;

      assert.equal(rigProblem, undefined, rigBroken(rigProblem ?? ''));
      assert.ok(fastMs < delayMs / 3, `a read elsewhere took ${fastMs} ms`);
      assert.ok(slowDone.ms >= delayMs, `the delayed read took only ${slowDone.ms} ms`);
      assert.deepEqual(fast, { data: at(200, 4), unreadable: [], unreadableErrnos: [] });
      assert.deepEqual(slowDone.result, { data: at(50, 1), unreadable: [], unreadableErrnos: [] });
    });

    for (const path of ['io_uring', 'read thread'] as const) {
      const pathSkip = path === 'io_uring' && ioRingSkip;
      test(
        `a slow read on the ${path} leaves the event loop, the CPU and other reads free`,
        { skip: pathSkip },
        async (t) => {
          // Long enough that a read elsewhere, slowed by a machine busy with other tests (load 8
          // on two cores: 300-400 ms seen), still ends in well under a third of it.
          const delayMs = 1500;
          const tuning = { ioRing: path === 'io_uring' };
          const opened = await openDelayedDisk(t, sectorSize, delayMs, 60n, tuning);
          const { defer, reader, at, checkRig } = opened;
          await untilQuickPathServes(reader);
          assert.equal(reader.quickReadPath.kind, path);
          const before = reader.preadCounts;

          let ticks = 0;
          const ticker = setInterval(() => ticks++, 10);
          defer(() => clearInterval(ticker));
          const start = performance.now();
          // The fast path is free, so this read takes it, and waits far past the owner's polling.
          const slow = reader.readSectors(60n, 1);
          const fast = await reader.readSectors(200n, 2);
          const fastMs = performance.now() - start;
          // Only now: spawning dd would slow the reads above. While the slow read waits, dd runs
          // in processes of its own, which cost this one next to no CPU.
          const rig = checkRig(202n);
          const cpuBefore = process.cpuUsage();
          const slowResult = await slow;
          const cpu = process.cpuUsage(cpuBefore);
          const slowMs = performance.now() - start;
          clearInterval(ticker);
          const rigProblem = await rig;

          assert.equal(rigProblem, undefined, rigBroken(rigProblem ?? ''));
          assert.deepEqual(slowResult, { data: at(60, 1), unreadable: [], unreadableErrnos: [] });
          assert.deepEqual(fast, { data: at(200, 2), unreadable: [], unreadableErrnos: [] });
          assert.ok(slowMs >= delayMs, `the delayed read took only ${slowMs} ms`);
          assert.ok(fastMs < delayMs / 3, `a read elsewhere took ${fastMs} ms`);
          assert.ok(ticks >= (delayMs / 10) * 0.5, `only ${ticks} timer ticks during the delay`);
          // Waiting by polling would keep a CPU busy for the whole delay.
          const cpuMs = (cpu.user + cpu.system) / 1000;
          assert.ok(
            cpuMs < (slowMs - fastMs) / 4,
            `${cpuMs} ms of CPU while waiting ${slowMs - fastMs} ms`,
          );
          const after = reader.preadCounts;
          // The ring takes two reads at once, and so do the disk's two read threads: the slow one
          // and the other; none goes to libuv's pool.
          if (path === 'io_uring') {
            assert.equal(after.ioRing - before.ioRing, 2, 'both reads went to the ring');
          } else {
            assert.equal(
              after.readThread - before.readThread,
              2,
              'both reads went to read threads',
            );
          }
        },
      );
    }

    for (const path of ['io_uring', 'read thread'] as const) {
      const pathSkip = path === 'io_uring' && ioRingSkip;
      test(
        `a read hanging on the ${path} when the disk goes away ends promptly with GONE`,
        { skip: pathSkip },
        async (t) => {
          const tuning = { ioRing: path === 'io_uring' };
          const opened = await openDelayedDisk(t, sectorSize, 600_000, 7n, tuning);
          const { reader, disk, workDir } = opened;
          await untilQuickPathServes(reader);
          assert.equal(reader.quickReadPath.kind, path);

          const dd = ddRead(disk.device, sectorSize, 7n, 1, workDir);
          const hung = reader.readSectors(7n, 1).then(
            (result) => `a result with unreadable [${result.unreadable.join(', ')}]`,
            (error: unknown) => error,
          );
          await sleep(300);
          // The disk goes away: its FUSE program dies, which ends the reads it held.
          process.kill(fuseProcessOf(disk.mountpoint), 'SIGKILL');
          // Oracles: dd's read, held the same way, now fails; the file behind the loop device
          // cannot be reached (stat -f asks the filesystem itself, as statfs(2)).
          const ddDone = await dd;
          assert.ok(ddDone.eio, rigBroken(`dd's hung read did not end with EIO: ${ddDone.stderr}`));
          const statfsResult = await runTool('stat', ['-f', disk.imagePath]);
          const unreachable = /Transport endpoint is not connected/.exec(statfsResult.stderr);
          assert.ok(unreachable, rigBroken(`stat -f still reaches ${disk.imagePath}`));

          const ended = await within(hung, 10_000);
          assert.ok(ended !== undefined, 'the hung read did not end within 10 s');
          assert.ok(
            ended instanceof NativeDiskError && ended.code === 'GONE',
            `the hung read ended with ${String(ended)}, not GONE`,
          );
          assert.match(
            ended.message,
            /cannot be reached: Transport endpoint is not connected \(ENOTCONN\)\. Nothing from LBA 7 on was read/,
          );
          const closed = await within(
            reader.close().then(() => true),
            10_000,
          );
          assert.ok(closed, 'close did not finish within 10 s');
        },
      );
    }
  });
}

describe('io_uring reads that wait on the eventfd', { skip: skip || ioRingSkip }, () => {
  const sectorSize = 512;

  test('a ring stopped during a slow read finishes it, then serves the next reader', async (t) => {
    const options = { sectorSize, imageBytes: IMAGE_SIZE, delayMs: 400, slowLba: 60n };
    const { image, disk } = await attachDelayedDisk(t, options);
    const { fd, ring } = await openRingReader(t, disk.device, getLibc().O_DIRECT);
    const target = new Uint8Array(sectorSize);
    const slow = ring.pread(target, sectorSize, 60n * BigInt(sectorSize));
    await sleep(100); // past the owner's polling: it waits on the eventfd now
    ring.stop();
    assert.equal(ring.canTake(sectorSize), false, 'a stopped ring takes no reads');
    assert.deepEqual(await slow, { result: sectorSize, errno: 0 });
    assert.deepEqual(target, image.subarray(60 * sectorSize, 61 * sectorSize));
    // The read is answered before the ring's wait on the pool has returned; the ring is left to
    // the next reader only then.
    await ring.whenReleased();

    const released = ringDescriptors();
    const next = IoRingReader.open(fd);
    assert.ok(next instanceof IoRingReader);
    t.after(() => next.stop());
    assert.deepEqual(ringDescriptors(), released, 'the next reader took the idle ring');
    const again = new Uint8Array(sectorSize);
    assert.deepEqual(await next.pread(again, sectorSize, 0n), { result: sectorSize, errno: 0 });
    assert.deepEqual(again, image.subarray(0, sectorSize));
  });

  test("a slow read is seen while every thread of libuv's pool is taken", async (t) => {
    const options = { sectorSize, imageBytes: IMAGE_SIZE, delayMs: 300, slowLba: 70n };
    const { image, disk, workDir } = await attachDelayedDisk(t, options);
    const { ring } = await openRingReader(t, disk.device, getLibc().O_DIRECT);

    // Opening a FIFO for reading blocks a pool thread until a writer opens it.
    const poolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    const fifos = Array.from({ length: poolSize }, (_, i) => join(workDir, `fifo-${i}`));
    for (const fifo of fifos) await runToolOrThrow('mkfifo', [fifo]);
    const blocked = fifos.map((fifo) => open(fifo, 'r'));
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      for (const fifo of fifos) closeSync(openSync(fifo, 'w'));
    };
    const safety = setTimeout(release, 5000); // the test must end even if the read is never seen
    t.after(() => clearTimeout(safety));
    await sleep(50);
    let statDone = false;
    const stat = statfs(workDir).then(() => (statDone = true));

    const target = new Uint8Array(sectorSize);
    const start = performance.now();
    const outcome = await ring.pread(target, sectorSize, 70n * BigInt(sectorSize));
    const ms = performance.now() - start;
    const poolWasTaken = !statDone;
    release();
    await Promise.all([stat, ...blocked.map(async (opening) => (await opening).close())]);

    assert.deepEqual(outcome, { result: sectorSize, errno: 0 });
    assert.deepEqual(target, image.subarray(70 * sectorSize, 71 * sectorSize));
    assert.ok(ms < 2000, `the read was seen after ${ms} ms (delay 300 ms)`);
    assert.ok(poolWasTaken, 'the pool was taken while the read was waited for');
  });
});
