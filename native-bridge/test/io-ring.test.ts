// Small reads through io_uring polled from the owner's thread: they go to the ring and return
// the file's bytes, one at a time or two at once, after pauses or none; errno comes back from
// the kernel as pread gives it; an entry the kernel did not take is never read; a target made
// while the disk reads gets the bytes, and one that cannot be made leaves the slot free; a chain
// of reads answered at once still lets the event loop turn; closed readers leave their rings to
// the next ones; SECTORSCOPE_IO_URING=0 turns the ring off; a worker thread gets none. Where the
// kernel offers no io_uring (or forbids it), these tests skip and say why; the read thread serves
// then. Slow reads (waits on the eventfd) are tested on a FUSE disk in reader-bad-sectors.test.ts.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { DiskReader } from '..';
import { addressOf, allocateAligned } from '../aligned-buffer';
import { EAGAIN, EINVAL, EISDIR } from '../constants';
import { IoRing } from '../io-ring/io-ring';
import { MAX_IDLE_RINGS } from '../io-ring/io-ring-reader';
import { ioRingSyscalls } from '../io-ring/io-ring-syscalls';
import { getLibc } from '../libc';
import { QUICK_READ_BYTES } from '../quick-reads';
import {
  fastDir,
  ioRingSkipReason,
  openRingReader,
  randomInt,
  readsWithoutTurn,
  ringDescriptors,
  seededRandom,
  tempDir,
  writeRandomFile,
} from './support';

const SECTORS = 32 * 2048; // 32 MiB

const skip = ioRingSkipReason();

async function openRandomDisk(t: Parameters<typeof tempDir>[0], dir = tempDir(t)) {
  const path = join(dir, 'disk.img');
  const content = writeRandomFile(path, SECTORS * 512);
  const reader = await DiskReader.open(path);
  t.after(() => reader.close());
  return { path, content, reader };
}

test(
  'small reads go to the ring and get their bytes, one at a time and two at once',
  { skip },
  async (t) => {
    const { content, reader } = await openRandomDisk(t);
    const random = seededRandom(t);
    const at = (lba: bigint, count: number) =>
      content.subarray(Number(lba) * 512, (Number(lba) + count) * 512);
    const pick = () => {
      const count = 1 + randomInt(random, QUICK_READ_BYTES / 512);
      return { lba: BigInt(randomInt(random, SECTORS - count)), count };
    };
    let reads = 0;
    for (let round = 0; round < 150; round++) {
      // No pause, one event-loop turn, 1 ms, or 20 ms (the owner has long stopped polling).
      const pause = [0, 0, 1, 20][randomInt(random, 4)] ?? 0;
      if (pause === 1) await new Promise((resolve) => setImmediate(resolve));
      else if (pause > 0) await sleep(pause);
      const asked = round % 3 === 0 ? [pick(), pick()] : [pick()];
      const results = await Promise.all(
        asked.map(({ lba, count }) => reader.readSectors(lba, count)),
      );
      asked.forEach(({ lba, count }, i) => {
        assert.deepEqual(Buffer.from(results[i]?.data ?? []), at(lba, count), `lba ${lba}`);
        assert.deepEqual(results[i]?.unreadable, []);
      });
      reads += asked.length;
    }
    assert.deepEqual(reader.quickReadPath, { kind: 'io_uring' });
    assert.deepEqual(reader.preadCounts, { ioRing: reads, readThread: 0 });
  },
);

test(
  'a read larger than the slots takes a read thread; a third read at once waits for the ring',
  { skip },
  async (t) => {
    const { content, reader } = await openRandomDisk(t);
    const large = QUICK_READ_BYTES / 512 + 8;
    const at = (lba: number, count: number) => content.subarray(lba * 512, (lba + count) * 512);
    const [big, small, other] = await Promise.all([
      reader.readSectors(9000n, large),
      reader.readSectors(100n, 8),
      reader.readSectors(5000n, 8),
    ]);
    assert.deepEqual(Buffer.from(big.data), at(9000, large));
    assert.deepEqual(Buffer.from(small.data), at(100, 8));
    assert.deepEqual(Buffer.from(other.data), at(5000, 8));
    // The reader lets two preads run at once: the large one on a read thread (never libuv's
    // pool), a small one on the ring; the third waits its turn and takes the ring when one is done.
    assert.deepEqual(reader.preadCounts, { ioRing: 2, readThread: 1 });
  },
);

test('errno comes back from the kernel, as pread gives it', { skip }, async (t) => {
  const dir = tempDir(t);
  const { ring: onDirectory } = await openRingReader(t, dir);
  assert.deepEqual(await onDirectory.pread(new Uint8Array(4096), 4096, 0n), {
    result: -1,
    errno: EISDIR,
  });
  // A misaligned offset with O_DIRECT: EINVAL on most filesystems, though some (tmpfs since
  // Linux 6.6) read it anyway. pread on the same descriptor is the oracle.
  const path = join(dir, 'disk.img');
  const content = writeRandomFile(path, 1 << 20);
  const libc = getLibc();
  const { fd, ring: direct } = await openRingReader(t, path, libc.O_DIRECT);
  const expected = await libc.pread(fd, allocateAligned(4096), 4096, 100n);
  assert.deepEqual(await direct.pread(new Uint8Array(4096), 4096, 100n), expected);
  if (expected.result < 0) assert.equal(expected.errno, EINVAL);
  // The slot is free again, and an aligned read works.
  const target = new Uint8Array(4096);
  assert.deepEqual(await direct.pread(target, 4096, 8192n), { result: 4096, errno: 0 });
  assert.deepEqual(Buffer.from(target), content.subarray(8192, 12288));
});

test('an entry the kernel did not take is withdrawn, not read later', { skip }, async (t) => {
  const path = join(tempDir(t), 'disk.img');
  const content = writeRandomFile(path, 1 << 20);
  const libc = getLibc();
  const opened = await libc.open(path, libc.O_RDONLY | libc.O_CLOEXEC);
  t.after(() => libc.close(opened.result));
  let refuse = true;
  const real = ioRingSyscalls();
  const ring = IoRing.create({
    ...real,
    submit: (ringFd, count) => (refuse ? -EAGAIN : real.submit(ringFd, count)),
  });
  t.after(() => ring.close());
  const target = allocateAligned(8192);
  const address = addressOf(target);
  assert.equal(ring.submitRead(opened.result, address, 4096, 0n, 1), -EAGAIN);
  refuse = false;
  assert.equal(ring.submitRead(opened.result, address + 4096n, 4096, 65536n, 2), 1);
  const completions: [number, number][] = [];
  const deadline = Date.now() + 5000;
  while (completions.length === 0 && Date.now() < deadline) {
    ring.reap((tag, result) => completions.push([tag, result]));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await sleep(50); // a withdrawn entry read after all would complete by now
  ring.reap((tag, result) => completions.push([tag, result]));
  assert.deepEqual(completions, [[2, 4096]]);
  assert.deepEqual(Buffer.from(target.subarray(4096)), content.subarray(65536, 69632));
  assert.ok(
    target.subarray(0, 4096).every((byte) => byte === 0),
    'the withdrawn read never ran',
  );
});

test(
  'a target made while the disk reads gets the bytes; one that cannot be made frees the slot',
  { skip },
  async (t) => {
    const path = join(tempDir(t), 'disk.img');
    const content = writeRandomFile(path, 1 << 20);
    const { ring } = await openRingReader(t, path);
    let made: Uint8Array | undefined;
    const outcome = await ring.pread(() => (made = new Uint8Array(4096)), 4096, 40960n);
    assert.deepEqual(outcome, { result: 4096, errno: 0 });
    assert.deepEqual(Buffer.from(made ?? []), content.subarray(40960, 45056));
    for (let i = 0; i < 3; i++) {
      await assert.rejects(
        ring.pread(
          () => {
            throw new Error('no memory');
          },
          4096,
          0n,
        ),
        /no memory/,
      );
    }
    assert.ok(ring.canTake(4096), 'both slots are free again');
    const target = new Uint8Array(4096);
    assert.deepEqual(await ring.pread(target, 4096, 0n), { result: 4096, errno: 0 });
    assert.deepEqual(Buffer.from(target), content.subarray(0, 4096));
  },
);

test(
  'a chain of reads answered at once still gives the event loop its turns',
  { skip },
  async (t) => {
    const { reader } = await openRandomDisk(t, fastDir(t));
    const chainMs = 150;
    const { reads, mostInARow } = await readsWithoutTurn(chainMs, SECTORS / 8, (block) =>
      reader.readSectors(BigInt(block * 8), 8),
    );
    assert.equal(reader.quickReadPath.kind, 'io_uring');
    // As for the read thread (read-thread.test.ts): a turn is due after 1 ms of reads.
    const readsIn10Ms = (reads / chainMs) * 10;
    assert.ok(
      mostInARow <= Math.max(50, readsIn10Ms),
      `${mostInARow} of ${reads} reads in a row with no event-loop turn`,
    );
  },
);

test(
  'closed readers leave their rings to the next ones, and close those beyond a few idle',
  { skip },
  async (t) => {
    const path = join(tempDir(t), 'disk.img');
    writeRandomFile(path, 1 << 20);
    const readOnce = async (reader: DiskReader) => {
      await reader.readSectors(0n, 8);
      assert.equal(reader.quickReadPath.kind, 'io_uring');
    };
    // Idle rings left by earlier tests are unknown here, so the counts compare phases.
    const together = await Promise.all(
      Array.from({ length: MAX_IDLE_RINGS + 2 }, () => DiskReader.open(path)),
    );
    for (const reader of together) await readOnce(reader);
    const allOpen = ringDescriptors();
    await Promise.all(together.map((reader) => reader.close()));
    const allClosed = ringDescriptors();
    assert.equal(allOpen.rings - allClosed.rings, 2, 'the rings beyond the idle ones closed');
    assert.equal(allOpen.eventFds - allClosed.eventFds, 2, 'and their eventfds');

    for (let i = 0; i < 5; i++) {
      const reader = await DiskReader.open(path);
      await readOnce(reader);
      await reader.close();
      assert.deepEqual(ringDescriptors(), allClosed, 'an idle ring served the reader');
    }
  },
);

test('SECTORSCOPE_IO_URING=0 turns the ring off', { skip }, async (t) => {
  const saved = process.env.SECTORSCOPE_IO_URING;
  process.env.SECTORSCOPE_IO_URING = '0';
  let opened: Awaited<ReturnType<typeof openRandomDisk>>;
  try {
    opened = await openRandomDisk(t);
  } finally {
    if (saved === undefined) delete process.env.SECTORSCOPE_IO_URING;
    else process.env.SECTORSCOPE_IO_URING = saved;
  }
  const { reader, content } = opened;
  for (let i = 0; i < 3; i++) {
    const { data } = await reader.readSectors(BigInt(i * 8), 8);
    assert.deepEqual(Buffer.from(data), content.subarray(i * 4096, (i + 1) * 4096));
  }
  assert.notEqual(reader.quickReadPath.kind, 'io_uring');
  assert.equal(reader.preadCounts.ioRing, 0);
});

test('a worker thread gets no ring: it may be stopped while the kernel still writes', async () => {
  const source = join(__dirname, '..', 'io-ring', 'io-ring-reader.ts');
  const tsx = createRequire(source).resolve('tsx/cjs');
  const code =
    `require(${JSON.stringify(tsx)});\n` +
    `const { IoRingReader } = require(${JSON.stringify(source)});\n` +
    `const opened = IoRingReader.open(0);\n` +
    `require('node:worker_threads').parentPort.postMessage(opened instanceof IoRingReader ? 'ring' : opened);\n`;
  const worker = new Worker(code, { eval: true });
  const [answer] = (await once(worker, 'message')) as [unknown];
  await worker.terminate();
  assert.deepEqual(answer, { unavailable: 'worker threads read through the read thread' });
});
