// A disk's read threads, which serve every read io_uring does not (an old kernel, a worker
// thread, a read larger than the ring's buffers, SECTORSCOPE_IO_URING=0; these tests turn
// io_uring off): small reads return the right bytes whether the thread was spinning or asleep;
// larger reads go straight into shared memory; reads at once take a second thread, never more;
// no read needs libuv's pool; errno comes back from the thread; a target made while the disk
// reads gets the bytes, and one that cannot be made leaves the thread free; reads work while the
// wait mode changes between them; a chain of reads answered at once still lets the event loop
// turn; close ends the threads; a disk opened and never read starts none.

import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DiskReader, allocateAligned, allocateAlignedShared } from '..';
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
  assert.equal(after.readThread - before.readThread, reads, 'every read went to a read thread');
});

test('reads larger than the slot and reads at once all take read threads, two at most', async (t) => {
  const { content, reader } = await openRandomDisk(t);
  const threadsBefore = threadCount();
  await untilQuickPathServes(reader);
  const before = reader.preadCounts;
  const large = READ_THREAD_SLOT_BYTES / 512 + 8;
  const [small, other, big, bigger] = await Promise.all([
    reader.readSectors(100n, 8),
    reader.readSectors(5000n, 8),
    reader.readSectors(9000n, large),
    reader.readSectors(20000n, 8192),
  ]);
  const at = (lba: number, count: number) => content.subarray(lba * 512, (lba + count) * 512);
  assert.deepEqual(Buffer.from(small.data), at(100, 8));
  assert.deepEqual(Buffer.from(other.data), at(5000, 8));
  assert.deepEqual(Buffer.from(big.data), at(9000, large));
  assert.deepEqual(Buffer.from(bigger.data), at(20000, 8192));
  const after = reader.preadCounts;
  assert.equal(after.readThread - before.readThread, 4, 'all four went to read threads');
  assert.equal(threadCount() - threadsBefore, 2, 'the disk has two read threads, no more');
});

test('a block read into shared memory is filled by the read thread in place', async (t) => {
  const { content, reader } = await openRandomDisk(t);
  const blockSectors = 8192; // 4 MiB, a job's block
  const shared = allocateAlignedShared(blockSectors * 512);
  const plain = allocateAligned(blockSectors * 512);
  for (const [target, lba] of [
    [shared, 0n],
    [plain, 16384n],
    [shared, 40000n],
  ] as const) {
    const failed = await reader.readInto(lba, blockSectors, target);
    assert.deepEqual(failed, { unreadable: [], unreadableErrnos: [] });
    const start = Number(lba) * 512;
    assert.ok(Buffer.from(target).equals(content.subarray(start, start + blockSectors * 512)));
  }
  assert.equal(reader.preadCounts.readThread, 3);
});

test("reads of every size go on while every thread of libuv's pool is taken", async (t) => {
  const { content, reader } = await openRandomDisk(t);
  const dir = tempDir(t);
  // Opening a FIFO for reading blocks a pool thread until a writer opens it; Node's pool has 4
  // threads unless UV_THREADPOOL_SIZE says otherwise.
  const poolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const fifos = Array.from({ length: poolSize }, (_, i) => join(dir, `fifo-${i}`));
  for (const fifo of fifos) execFileSync('mkfifo', [fifo]);
  const blocked = fifos.map((fifo) => open(fifo, 'r'));
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    for (const fifo of fifos) closeSync(openSync(fifo, 'w'));
  };
  t.after(release);
  await sleep(50);
  const reads = Promise.all([
    reader.readSectors(7n, 3),
    reader.readSectors(1000n, 4096),
    reader.readInto(3000n, 8192, allocateAlignedShared(8192 * 512)),
  ]);
  const outcome = await Promise.race([reads, sleep(10_000).then(() => 'timed out' as const)]);
  release();
  await Promise.all(blocked.map(async (opening) => (await opening).close()));
  assert.notEqual(outcome, 'timed out', 'the reads waited for the pool');
  const [small, large] = await reads;
  assert.deepEqual(Buffer.from(small.data), content.subarray(7 * 512, 10 * 512));
  assert.deepEqual(Buffer.from(large.data), content.subarray(1000 * 512, 5096 * 512));
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

test('a disk opened and never read starts no read thread; its first read does', async (t) => {
  // Opening runs on libuv's pool: have its threads up before counting.
  await (await open(__filename, 'r')).close();
  const threadsBefore = threadCount();
  const { content, reader } = await openRandomDisk(t);
  await sleep(200);
  assert.equal(threadCount(), threadsBefore, 'no thread after open');
  const first = await reader.readSectors(10n, 8);
  assert.deepEqual(Buffer.from(first.data), content.subarray(10 * 512, 18 * 512));
  assert.equal(threadCount() - threadsBefore, 1, 'one read thread for one read at a time');
  assert.equal(reader.quickReadPath.kind, 'read thread');
});
