// Reads run off the event loop, several at once, and close() copes with reads in flight.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { DiskReader } from '..';
import { fdsOpenOn, randomRanges, seededRandom, tempDir, writeRandomFile } from './support';

const SECTORS = 64 * 2048; // 64 MiB

test('the event loop keeps turning while a large read is in flight', async (t) => {
  const path = join(tempDir(t), 'big.img');
  writeRandomFile(path, SECTORS * 512);
  const reader = await DiskReader.open(path);
  t.after(() => reader.close());

  let immediateFired = false;
  let readDone = false;
  let ticksDuringRead = 0;
  const ticker = setInterval(() => {
    if (!readDone) ticksDuringRead++;
  }, 1);
  setImmediate(() => {
    immediateFired = !readDone;
  });
  // A synchronous pread would block here, and the read's promise would settle before any
  // setImmediate callback could run.
  const started = performance.now();
  const result = await reader.readSectors(0n, SECTORS);
  readDone = true;
  clearInterval(ticker);
  t.diagnostic(
    `64 MiB in ${(performance.now() - started).toFixed(1)} ms, ${ticksDuringRead} timer ticks`,
  );
  assert.equal(result.data.length, SECTORS * 512);
  assert.ok(immediateFired, 'setImmediate ran before the read finished');
});

test('many concurrent reads each get their own right bytes', async (t) => {
  const path = join(tempDir(t), 'disk.img');
  const sectors = 16 * 2048;
  const content = writeRandomFile(path, sectors * 512);
  const reader = await DiskReader.open(path);
  t.after(() => reader.close());
  const ranges = randomRanges(seededRandom(t), sectors, 40, 512);
  const results = await Promise.all(ranges.map(({ lba, count }) => reader.readSectors(lba, count)));
  ranges.forEach(({ lba, count }, i) => {
    const start = Number(lba) * 512;
    assert.deepEqual(
      Buffer.from(results[i]?.data ?? []),
      content.subarray(start, start + count * 512),
      `lba ${lba} count ${count}`,
    );
  });
});

test('close with reads in flight: none returns wrong bytes, the fd closes after them', async (t) => {
  const path = join(tempDir(t), 'disk.img');
  const sectors = 8 * 2048;
  const content = writeRandomFile(path, sectors * 512);
  const reader = await DiskReader.open(path);
  const reads = Array.from({ length: 8 }, (_, i) =>
    reader.readSectors(BigInt(i * 2048), 2048).then(
      (result) => ({ i, result }),
      (error: Error) => ({ i, error }),
    ),
  );
  await reader.close();
  // Completions arrive through the event loop, so both running preads are still running here.
  assert.equal(fdsOpenOn(path).length, 1, 'the descriptor stays open while its reads run');
  const settled = await Promise.all(reads);
  let completed = 0;
  for (const outcome of settled) {
    if ('result' in outcome) {
      completed++;
      const start = outcome.i * 2048 * 512;
      assert.deepEqual(
        Buffer.from(outcome.result.data),
        content.subarray(start, start + 2048 * 512),
      );
    } else {
      assert.equal((outcome.error as { code?: string }).code, 'IO');
      assert.match(outcome.error.message, /is closed/);
    }
  }
  t.diagnostic(`${completed} of 8 reads were already running and completed`);
  assert.ok(completed < 8, 'reads still waiting for their turn were refused');
  // The descriptor's close runs on the thread pool after the last read returned: give it time.
  const deadline = Date.now() + 2000;
  while (fdsOpenOn(path).length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.deepEqual(fdsOpenOn(path), [], 'the descriptor is closed once the reads are over');
});
