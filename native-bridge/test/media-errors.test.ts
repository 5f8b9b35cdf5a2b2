// The real splitting code (readSectorSpan -> readAlignedRange) driven by a pread that fails at
// chosen sectors, the way a disk with bad sectors answers. Real EIO from the kernel comes with the
// FUSE rig; here the medium is a random image in memory and its own bytes are the oracle.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { EINTR, EIO, ENODATA, ENXIO } from '../constants';
import { readSectorSpan, type SectorSource } from '../sector-span-reader';

interface FakeDiskOptions {
  sectorSize?: number;
  unit?: number;
  /** Sectors (in sectorSize units) whose reads fail. */
  bad?: Iterable<number>;
  errno?: number;
  /** Sector -> how many reads touching it fail before it reads fine. */
  transient?: Map<number, number>;
  /** Largest count one pread returns (a short read), when set. */
  maxChunk?: number;
  /** Return the good bytes before a bad sector as a short count, as some drives do. */
  partialBeforeBad?: boolean;
  /** Pretend the medium ends here (pread returns 0 from here on). */
  endsAt?: number;
  /** errno values to return once each before behaving. */
  hiccups?: number[];
}

interface PreadCall {
  offset: number;
  length: number;
  result: number;
}

function fakeDisk(image: Buffer, options: FakeDiskOptions = {}) {
  const sectorSize = options.sectorSize ?? 512;
  const unit = options.unit ?? sectorSize;
  const bad = new Set(options.bad ?? []);
  const transient = new Map(options.transient ?? []);
  const hiccups = [...(options.hiccups ?? [])];
  const calls: PreadCall[] = [];
  const misaligned: PreadCall[] = [];

  function failingSectorIn(offset: number, length: number): number | undefined {
    for (let sector = offset / sectorSize; sector * sectorSize < offset + length; sector++) {
      if (bad.has(sector)) return sector;
      const left = transient.get(sector);
      if (left !== undefined && left > 0) {
        transient.set(sector, left - 1);
        return sector;
      }
    }
    return undefined;
  }

  function pread(target: Uint8Array, length: number, offsetBig: bigint): Promise<number> {
    const offset = Number(offsetBig);
    const call = { offset, length, result: 0 };
    calls.push(call);
    if (offset % unit !== 0 || length % unit !== 0 || length > target.length) {
      misaligned.push(call);
    }
    const hiccup = hiccups.shift();
    const failing = failingSectorIn(offset, length);
    if (hiccup !== undefined) {
      call.result = -hiccup;
    } else if (failing !== undefined) {
      const before = failing * sectorSize - offset;
      call.result = options.partialBeforeBad && before > 0 ? before : -(options.errno ?? EIO);
    } else {
      const end = Math.min(offset + length, options.endsAt ?? image.length, image.length);
      call.result = Math.max(0, end - offset);
      if (options.maxChunk !== undefined) call.result = Math.min(call.result, options.maxChunk);
    }
    if (call.result > 0) target.set(image.subarray(offset, offset + call.result));
    return Promise.resolve(call.result);
  }

  const source: SectorSource = {
    pread,
    readableBytes: BigInt(image.length),
    unit,
    sectorSize,
    path: 'fake.img',
  };
  return { source, calls, misaligned };
}

/** The image's bytes for [lba, lba + count) with the listed sectors zeroed, zero past its end. */
function expectedBytes(
  image: Buffer,
  sectorSize: number,
  lba: number,
  count: number,
  zeroed: number[],
) {
  const expected = Buffer.alloc(count * sectorSize);
  image.copy(expected, 0, lba * sectorSize, (lba + count) * sectorSize);
  for (const sector of zeroed) {
    expected.fill(0, (sector - lba) * sectorSize, (sector - lba + 1) * sectorSize);
  }
  return expected;
}

test('bad sectors are zero and listed; the rest of the range is read', async () => {
  const image = randomBytes(2048 * 512);
  const bad = [5, 6, 100, 1023, 2047];
  const disk = fakeDisk(image, { bad });
  const span = await readSectorSpan(disk.source, 0n, 2048, 1);
  assert.deepEqual(span.unreadable, bad.map(BigInt));
  assert.deepEqual(
    span.unreadableErrnos,
    bad.map(() => EIO),
    'each with the errno it failed with',
  );
  assert.deepEqual(Buffer.from(span.data), expectedBytes(image, 512, 0, 2048, bad));
  assert.deepEqual(disk.misaligned, []);
  // Each bad sector is read alone twice: once when the split reaches it, once more as its retry.
  for (const sector of bad) {
    const alone = disk.calls.filter((c) => c.offset === sector * 512 && c.length === 512);
    assert.equal(alone.length, 2, `sector ${sector}`);
  }
  // Halving finds five bad sectors in far fewer reads than one read per sector.
  assert.ok(disk.calls.length < 150, `${disk.calls.length} preads`);
});

test('retries set how often a lone bad sector is tried again', async () => {
  const image = randomBytes(64 * 512);
  for (const retries of [0, 1, 3]) {
    const disk = fakeDisk(image, { bad: [17] });
    const span = await readSectorSpan(disk.source, 0n, 64, retries);
    assert.deepEqual(span.unreadable, [17n]);
    const alone = disk.calls.filter((c) => c.offset === 17 * 512 && c.length === 512);
    assert.equal(alone.length, 1 + retries, `retries ${retries}`);
  }
});

test('a sector that fails a few times and then reads is recovered by enough retries', async () => {
  const image = randomBytes(8 * 512);
  // Reads touching sector 3 while splitting 8 sectors: [0,8) [0,4) [2,4) [3,4): four, then the
  // retries. Five failures need two retries.
  const once = fakeDisk(image, { transient: new Map([[3, 5]]) });
  const lost = await readSectorSpan(once.source, 0n, 8, 1);
  assert.deepEqual(lost.unreadable, [3n]);
  assert.deepEqual(Buffer.from(lost.data), expectedBytes(image, 512, 0, 8, [3]));

  const twice = fakeDisk(image, { transient: new Map([[3, 5]]) });
  const recovered = await readSectorSpan(twice.source, 0n, 8, 2);
  assert.deepEqual(recovered.unreadable, []);
  assert.deepEqual(Buffer.from(recovered.data), image);
});

test('ENODATA (a SCSI/ATA medium error) is handled like EIO', async () => {
  const image = randomBytes(32 * 512);
  const disk = fakeDisk(image, { bad: [0, 31], errno: ENODATA });
  const span = await readSectorSpan(disk.source, 0n, 32, 1);
  assert.deepEqual(span.unreadable, [0n, 31n]);
  assert.deepEqual(span.unreadableErrnos, [ENODATA, ENODATA]);
  assert.deepEqual(Buffer.from(span.data), expectedBytes(image, 512, 0, 32, [0, 31]));
});

test('a drive that returns the good bytes before a bad sector as a short read', async () => {
  const image = randomBytes(1024 * 512);
  const disk = fakeDisk(image, { bad: [700], partialBeforeBad: true });
  const span = await readSectorSpan(disk.source, 0n, 1024, 1);
  assert.deepEqual(span.unreadable, [700n]);
  assert.deepEqual(Buffer.from(span.data), expectedBytes(image, 512, 0, 1024, [700]));
  assert.deepEqual(disk.misaligned, []);
  // The first 700 sectors came in the first call and were never read again.
  assert.equal(disk.calls.filter((c) => c.offset < 700 * 512).length, 1);
});

test('a 4096-byte I/O unit over 512-byte sectors: a failing unit names the requested sectors in it', async () => {
  const image = randomBytes(64 * 512);
  const disk = fakeDisk(image, { unit: 4096, bad: [9] });
  // Sectors 8..15 share one 4096-byte unit; the request covers 6..9.
  const span = await readSectorSpan(disk.source, 6n, 4, 1);
  assert.deepEqual(span.unreadable, [8n, 9n]);
  assert.deepEqual(Buffer.from(span.data), expectedBytes(image, 512, 6, 4, [8, 9]));
  assert.deepEqual(disk.misaligned, []);

  const inside = fakeDisk(image, { unit: 4096, bad: [9] });
  const middle = await readSectorSpan(inside.source, 10n, 3, 1);
  assert.deepEqual(middle.unreadable, [10n, 11n, 12n]);
  assert.ok(middle.data.every((byte) => byte === 0));
});

test('short reads are continued from the last whole unit', async () => {
  const image = randomBytes(300 * 512);
  for (const [unit, maxChunk] of [
    [512, 1536],
    [512, 1000],
    [4096, 6000],
  ] as const) {
    const disk = fakeDisk(image, { unit, maxChunk });
    const span = await readSectorSpan(disk.source, 3n, 290, 1);
    assert.deepEqual(span.unreadable, []);
    assert.deepEqual(
      Buffer.from(span.data),
      image.subarray(3 * 512, 293 * 512),
      `${unit}/${maxChunk}`,
    );
    assert.deepEqual(disk.misaligned, []);
  }
});

test('the tail past the end of an image is zero', async () => {
  const image = randomBytes(10 * 512 + 100);
  const disk = fakeDisk(image, { unit: 4096 });
  const span = await readSectorSpan(disk.source, 8n, 3, 1);
  const expected = Buffer.alloc(3 * 512);
  image.copy(expected, 0, 8 * 512);
  assert.deepEqual(Buffer.from(span.data), expected);
});

test('EINTR is retried at once; other errnos end the read with their name', async () => {
  const image = randomBytes(16 * 512);
  const interrupted = fakeDisk(image, { hiccups: [EINTR, EINTR] });
  assert.deepEqual(Buffer.from((await readSectorSpan(interrupted.source, 0n, 16, 1)).data), image);

  const gone = fakeDisk(image, { hiccups: [ENXIO] });
  await assert.rejects(readSectorSpan(gone.source, 2n, 4, 1), (error: Error) => {
    assert.equal((error as { code?: string }).code, 'IO');
    assert.equal((error as { errno?: number }).errno, ENXIO);
    assert.match(
      error.message,
      /at byte 1024 of fake\.img failed: No such device or address \(ENXIO\)/,
    );
    return true;
  });
  assert.equal(gone.calls.length, 1, 'no splitting for a device that is gone');
});

test('a medium that ends early is reported as a size change', async () => {
  const image = randomBytes(64 * 512);
  const disk = fakeDisk(image, { endsAt: 40 * 512 });
  await assert.rejects(readSectorSpan(disk.source, 32n, 16, 1), {
    code: 'IO',
    message: /fake\.img ended at byte 20480 .* changed size while open/,
  });
});

test('a given aligned target is filled in place when the request starts on a unit', async () => {
  const image = randomBytes(64 * 512);
  const disk = fakeDisk(image, { bad: [3] });
  const target = new Uint8Array(8 * 512).fill(0xaa);
  const span = await readSectorSpan(disk.source, 0n, 8, 0, { target });
  assert.equal(span.data.buffer, target.buffer);
  assert.deepEqual(Buffer.from(target), expectedBytes(image, 512, 0, 8, [3]));
});

test('a scratch buffer serves a request that needs widening, and its view holds the bytes', async () => {
  const image = randomBytes(64 * 512);
  const disk = fakeDisk(image, { unit: 4096 });
  const scratch = new Uint8Array(4 * 4096).fill(0xaa);
  const span = await readSectorSpan(disk.source, 3n, 9, 0, { scratch });
  assert.equal(span.data.buffer, scratch.buffer);
  assert.deepEqual(Buffer.from(span.data), expectedBytes(image, 512, 3, 9, []));
});
