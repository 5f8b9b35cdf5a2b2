// Requests a caller gets wrong, and the reader's life cycle (close, reads after close).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { DiskReader, allocateAligned } from '..';
import { fdsOpenOn, tempDir, writeRandomFile } from './support';

const SECTORS = 1000;

async function openImage(t: TestContext) {
  const path = join(tempDir(t), 'disk.img');
  writeRandomFile(path, SECTORS * 512);
  const reader = await DiskReader.open(path);
  t.after(() => reader.close());
  return { path, reader };
}

function rejectsWith(promise: Promise<unknown>, code: string, message: RegExp) {
  return assert.rejects(promise, (error: Error) => {
    assert.equal((error as { code?: string }).code, code, error.message);
    assert.match(error.message, message);
    return true;
  });
}

test('sector ranges outside the disk give the valid range', async (t) => {
  const { reader } = await openImage(t);
  const validRange = /valid LBAs are 0 to 999/;
  await rejectsWith(reader.readSectors(1000n, 1), 'OUT_OF_RANGE', /LBA 1000 is outside/);
  await rejectsWith(reader.readSectors(2n ** 70n, 1), 'OUT_OF_RANGE', validRange);
  await rejectsWith(reader.readSectors(-1n, 1), 'OUT_OF_RANGE', /LBA -1 is outside/);
  await rejectsWith(reader.readSectors(999n, 2), 'OUT_OF_RANGE', /Sectors 999 to 1000 run past/);
  await rejectsWith(reader.readSectors(990n, 20), 'OUT_OF_RANGE', /at most 10 sectors/);
  // The last sector itself is fine.
  assert.equal((await reader.readSectors(999n, 1)).data.length, 512);
});

test('bad counts and LBAs are invalid arguments', async (t) => {
  const { reader } = await openImage(t);
  const countRange = /whole number from 1 to 131072 \(64 MiB of 512-byte sectors per read\)/;
  await rejectsWith(reader.readSectors(0n, 1_000_000_000), 'INVALID_ARGUMENT', countRange);
  await rejectsWith(reader.readSectors(0n, 0), 'INVALID_ARGUMENT', countRange);
  await rejectsWith(reader.readSectors(0n, -3), 'INVALID_ARGUMENT', countRange);
  await rejectsWith(reader.readSectors(0n, 1.5), 'INVALID_ARGUMENT', /got 1\.5/);
  await rejectsWith(reader.readSectors(0n, Number.NaN), 'INVALID_ARGUMENT', /got NaN/);
  const numberLba = 5 as unknown as bigint;
  await rejectsWith(reader.readSectors(numberLba, 1), 'INVALID_ARGUMENT', /must be a bigint/);
  await rejectsWith(
    reader.readSectors(0n, 1, { retries: -1 }),
    'INVALID_ARGUMENT',
    /retries must be a whole number from 0 to 16/,
  );
  await rejectsWith(reader.readSectors(0n, 1, { retries: 1.5 }), 'INVALID_ARGUMENT', /retries/);
  await rejectsWith(reader.readSectors(0n, 1, { retries: 17 }), 'INVALID_ARGUMENT', /retries/);
});

test('readBytes checks its byte range', async (t) => {
  const { reader } = await openImage(t);
  await rejectsWith(reader.readBytes(-1n, 1), 'OUT_OF_RANGE', /valid offsets are 0 to 511999/);
  await rejectsWith(reader.readBytes(511_999n, 2), 'OUT_OF_RANGE', /Bytes 511999 to 512000/);
  await rejectsWith(reader.readBytes(0n, 0), 'INVALID_ARGUMENT', /from 1 to 67108864/);
  await rejectsWith(reader.readBytes(0n, 2 ** 30), 'INVALID_ARGUMENT', /from 1 to 67108864/);
  await rejectsWith(reader.readBytes(1 as unknown as bigint, 1), 'INVALID_ARGUMENT', /bigint/);
  assert.equal((await reader.readBytes(511_999n, 1)).data.length, 1);
});

test('readInto wants an aligned target that is large enough', async (t) => {
  const { reader } = await openImage(t);
  const aligned = allocateAligned(8192);
  await rejectsWith(
    reader.readInto(0n, 8, aligned.subarray(512)),
    'INVALID_ARGUMENT',
    /4096-byte aligned address/,
  );
  await rejectsWith(reader.readInto(0n, 17, aligned), 'INVALID_ARGUMENT', /holds 8192 bytes/);
  await rejectsWith(
    reader.readInto(0n, 1, [] as unknown as Uint8Array),
    'INVALID_ARGUMENT',
    /must be a Uint8Array/,
  );
  assert.deepEqual(await reader.readInto(0n, 16, aligned), {
    unreadable: [],
    unreadableErrnos: [],
  });
});

test('close releases the descriptor, is idempotent, and later reads fail clearly', async (t) => {
  const { path, reader } = await openImage(t);
  assert.equal(fdsOpenOn(path).length, 1, 'one descriptor while open');
  await reader.close();
  assert.deepEqual(fdsOpenOn(path), [], 'no descriptor after close');
  await reader.close();
  await rejectsWith(reader.readSectors(0n, 1), 'IO', /is closed: open it again/);
  await rejectsWith(reader.readBytes(0n, 1), 'IO', /is closed/);
  await rejectsWith(reader.readInto(0n, 1, allocateAligned(512)), 'IO', /is closed/);
});

test('info is frozen and reports read-only', async (t) => {
  const { reader } = await openImage(t);
  assert.equal(reader.info.readOnly, true);
  assert.ok(Object.isFrozen(reader.info));
});
