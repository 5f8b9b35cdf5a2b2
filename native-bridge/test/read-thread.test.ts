// A disk's read thread, which serves small reads where io_uring cannot (an old kernel, a worker
// thread, SECTORSCOPE_IO_URING=0; these tests turn io_uring off): small reads move to it once it is up and return the right bytes whether
// it was spinning or asleep; larger reads, and reads while it is busy, go to the thread pool;
// errno comes back from the thread; a target made while the disk reads gets the bytes, and one
// that cannot be made leaves the thread free; reads work while the wait mode changes between
// them; a chain of reads answered at once still lets the event loop turn; close ends the thread;
// a disk read once, or only in large blocks, starts none.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DiskReader, allocateAligned } from '..';
import { EISDIR } from '../constants';
import { getLibc } from '../libc';
import { ReadThread } from '../read-thread/read-thread';
import { READ_THREAD_SLOT_BYTES } from '../read-thread/read-thread-layout';
import { WaitModeChooser, type WaitMode } from '../read-thread/wait-mode';
import {
  fastDir,
  randomInt,
  readsWithoutTurn,
  seededRandom,
  tempDir,
  threadCount,
  untilQuickPathServes,
  writeRandomFile,
} from './support';

const SECTORS = 32 * 2048; // 32 MiB
const NO_IO_RING = { ioRing: false };

async function openRandomDisk(t: Parameters<typeof tempDir>[0]) {
  const path = join(tempDir(t), 'disk.img');
  const content = writeRandomFile(path, SECTORS * 512);
  const reader = await DiskReader.open(path, undefined, NO_IO_RING);
  t.after(() => reader.close());
  return { content, reader };
}

/** A read thread of its own on `path` (opened without O_DIRECT), once it takes reads. */
async function startReadThread(
  t: Parameters<typeof tempDir>[0],
  path: string,
  waitMode?: WaitModeChooser,
) {
  const libc = getLibc();
  const opened = await libc.open(path, libc.O_RDONLY | libc.O_CLOEXEC);
  assert.ok(opened.result >= 0, `open ${path}: errno ${opened.errno}`);
  const thread = ReadThread.start(opened.result, waitMode);
  t.after(async () => {
    thread.stop();
    await libc.close(opened.result);
  });
  const deadline = Date.now() + 30_000;
  while (!thread.canTake(4096)) {
    assert.ok(Date.now() < deadline, 'the read thread did not come up');
    await sleep(10);
  }
  return thread;
}

test('small reads go to the read thread, right after each other or after it fell asleep', async (t) => {
  const { content, reader } = await openRandomDisk(t);
  await untilQuickPathServes(reader);
  const before = reader.preadCounts;
  const random = seededRandom(t);
  const reads = 120;
  for (let i = 0; i < reads; i++) {
    // No pause (the thread is still spinning), 1 ms, or 20 ms (it has gone to sleep).
    const pause = [0, 0, 1, 20][randomInt(random, 4)] ?? 0;
    if (pause > 0) await sleep(pause);
    const count = 1 + randomInt(random, 256); // up to the 128 KiB slot
    const lba = BigInt(randomInt(random, SECTORS - count));
    const { data, unreadable } = await reader.readSectors(lba, count);
    const start = Number(lba) * 512;
    assert.deepEqual(Buffer.from(data), content.subarray(start, start + count * 512), `lba ${lba}`);
    assert.deepEqual(unreadable, []);
  }
  const after = reader.preadCounts;
  assert.equal(after.readThread - before.readThread, reads, 'every read went to the read thread');
  assert.equal(after.threadPool, before.threadPool, 'none went to the thread pool');
});

test('a read larger than the slot, and a read while the thread is busy, use the pool', async (t) => {
  const { content, reader } = await openRandomDisk(t);
  await untilQuickPathServes(reader);
  const before = reader.preadCounts;
  const large = READ_THREAD_SLOT_BYTES / 512 + 8;
  const [small, other, big] = await Promise.all([
    reader.readSectors(100n, 8),
    reader.readSectors(5000n, 8),
    reader.readSectors(9000n, large),
  ]);
  const at = (lba: number, count: number) => content.subarray(lba * 512, (lba + count) * 512);
  assert.deepEqual(Buffer.from(small.data), at(100, 8));
  assert.deepEqual(Buffer.from(other.data), at(5000, 8));
  assert.deepEqual(Buffer.from(big.data), at(9000, large));
  const after = reader.preadCounts;
  assert.equal(after.readThread - before.readThread, 1, 'the first small read took the thread');
  assert.equal(after.threadPool - before.threadPool, 2, 'the busy and the large read: the pool');
});

test('the read thread reports errno from its own pread', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sectorscope-rt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const thread = await startReadThread(t, dir);
  const outcome = await thread.pread(allocateAligned(4096), 4096, 0n);
  assert.deepEqual(outcome, { result: -1, errno: EISDIR });
});

test('a target made on demand gets the bytes; one that cannot be made frees the thread', async (t) => {
  const path = join(tempDir(t), 'disk.img');
  const content = writeRandomFile(path, SECTORS * 512);
  const thread = await startReadThread(t, path);

  const made = new Uint8Array(4096);
  let makes = 0;
  const makeTarget = () => {
    makes++;
    return made;
  };
  assert.deepEqual(await thread.pread(makeTarget, 4096, 8192n), { result: 4096, errno: 0 });
  assert.equal(makes, 1, 'the target is made once');
  assert.deepEqual(Buffer.from(made), content.subarray(8192, 12288));

  const cannot = new Error('no memory for the target');
  const failing = thread.pread(
    () => {
      throw cannot;
    },
    4096,
    0n,
  );
  assert.equal(thread.canTake(4096), false, "the slot stays the read's until it is served");
  await assert.rejects(failing, (error) => error === cannot);
  await assert.rejects(
    thread.pread(() => new Uint8Array(512), 4096, 0n),
    RangeError,
  );
  assert.ok(thread.canTake(4096), 'the thread takes reads again');
  const next = new Uint8Array(4096);
  assert.deepEqual(await thread.pread(next, 4096, 4096n), { result: 4096, errno: 0 });
  assert.deepEqual(Buffer.from(next), content.subarray(4096, 8192));
});

/** A chooser whose mode the test sets; what the thread measures is still recorded. */
class SetMode extends WaitModeChooser {
  chosen: WaitMode = 'spin';
  override get mode(): WaitMode {
    return this.chosen;
  }
}

test('reads get their bytes while the wait mode changes between them', async (t) => {
  const path = join(tempDir(t), 'disk.img');
  const content = writeRandomFile(path, SECTORS * 512);
  const waitMode = new SetMode();
  const thread = await startReadThread(t, path, waitMode);
  const random = seededRandom(t);
  const target = new Uint8Array(4096);
  for (let read = 0; read < 400; read++) {
    if (read % 25 === 0) waitMode.chosen = waitMode.chosen === 'spin' ? 'sleep' : 'spin';
    // Right after the previous read, after one event-loop turn, or once the thread slept.
    const pause = randomInt(random, 3);
    if (pause === 1) await new Promise((resolve) => setImmediate(resolve));
    if (pause === 2) await sleep(1);
    const block = randomInt(random, SECTORS / 8);
    const outcome = await thread.pread(target, 4096, BigInt(block * 4096));
    assert.deepEqual(outcome, { result: 4096, errno: 0 });
    assert.deepEqual(Buffer.from(target), content.subarray(block * 4096, (block + 1) * 4096));
    assert.equal(thread.waitMode.mode, waitMode.chosen);
  }
});

test('a chain of reads answered at once still gives the event loop its turns', async (t) => {
  const path = join(fastDir(t), 'disk.img');
  writeRandomFile(path, SECTORS * 512);
  const chainMs = 150;
  const reader = await DiskReader.open(path, undefined, NO_IO_RING);
  t.after(() => reader.close());
  await untilQuickPathServes(reader);
  const chains = {
    'DiskReader.readSectors': await readsWithoutTurn(chainMs, SECTORS / 8, (block) =>
      reader.readSectors(BigInt(block * 8), 8),
    ),
  } as Record<string, { reads: number; mostInARow: number }>;
  for (const mode of ['spin', 'sleep'] as const) {
    const waitMode = new SetMode();
    waitMode.chosen = mode;
    const thread = await startReadThread(t, path, waitMode);
    const target = new Uint8Array(4096);
    chains[`a read thread set to ${mode}`] = await readsWithoutTurn(chainMs, SECTORS / 8, (block) =>
      thread.pread(target, 4096, BigInt(block * 4096)),
    );
  }
  // A turn is due after 1 ms of reads; the bound allows 10 ms of them at the chain's own mean
  // rate (reads answered on the spot run faster than the mean). Counted in reads, it holds on a
  // fast machine and on one its host pauses alike; without the rule, a chain answered on the
  // spot runs all its reads in one go.
  for (const [how, { reads, mostInARow }] of Object.entries(chains)) {
    const readsIn10Ms = (reads / chainMs) * 10;
    assert.ok(
      mostInARow <= Math.max(50, readsIn10Ms),
      `${how}: ${mostInARow} of ${reads} reads in a row with no event-loop turn`,
    );
  }
});

test('close ends the read thread', async (t) => {
  const { reader } = await openRandomDisk(t);
  const threadsBefore = threadCount();
  await untilQuickPathServes(reader);
  assert.ok(threadCount() > threadsBefore, 'the read thread runs');
  await reader.close();
  const deadline = Date.now() + 10_000;
  while (threadCount() > threadsBefore && Date.now() < deadline) await sleep(20);
  assert.equal(threadCount(), threadsBefore, 'the thread is gone after close');
});

test('a disk read once starts no read thread; read again, it does', async (t) => {
  const { content, reader } = await openRandomDisk(t);
  const threadsBefore = threadCount();
  const first = await reader.readSectors(10n, 8);
  assert.deepEqual(Buffer.from(first.data), content.subarray(10 * 512, 18 * 512));
  await sleep(200);
  assert.equal(threadCount(), threadsBefore, 'no thread after one read');
  await reader.readSectors(20n, 8);
  await untilQuickPathServes(reader);
  assert.ok(threadCount() > threadsBefore, 'the read thread runs after the second read');
});

test('a disk read only in blocks larger than the slot starts no read thread', async (t) => {
  const { content, reader } = await openRandomDisk(t);
  const blockSectors = READ_THREAD_SLOT_BYTES / 512 + 8;
  // Opening ran on libuv's pool, so its threads exist already.
  const threadsBefore = threadCount();
  for (let block = 0; block < 6; block++) {
    const lba = BigInt(block * blockSectors);
    const { data } = await reader.readSectors(lba, blockSectors);
    const start = Number(lba) * 512;
    assert.deepEqual(Buffer.from(data), content.subarray(start, start + blockSectors * 512));
  }
  await sleep(200);
  assert.equal(threadCount(), threadsBefore, 'no thread was started');
  assert.equal(reader.preadCounts.readThread, 0);
});
