import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readGoto, type GotoContext } from '../goto-language';

/** 1 MiB of 512-byte sectors (LBA 0-2047), cursor in LBA 100, partitions 1 and 2. */
const DISK: GotoContext = {
  sectorSize: 512,
  sizeBytes: 1024n * 1024n,
  cursor: 100n * 512n + 7n,
  partitions: [
    { index: 1, start: 34n, end: 999n },
    { index: 2, start: 1000n, end: 2014n },
  ],
};

function target(input: string, context = DISK) {
  const result = readGoto(input, context);
  assert.ok(result.ok, `${input}: ${result.ok ? '' : result.message}`);
  return result;
}

function refused(input: string, pattern: RegExp, context = DISK) {
  const result = readGoto(input, context);
  assert.equal(result.ok, false, input);
  assert.match(result.ok ? '' : result.message, pattern, input);
}

test('an LBA, decimal or hex, lands on its first byte', () => {
  assert.equal(target('2047').offset, 1048064n);
  assert.equal(target('0x10').offset, 8192n);
  assert.equal(target(' 1_000 ').offset, 512000n);
  assert.match(target('0x10').understood, /^LBA 16 \(byte 0x2000\)$/);
});

test('@ is a byte offset, anywhere in a sector', () => {
  const result = target('@0x1001');
  assert.equal(result.offset, 4097n);
  assert.equal(result.understood, 'byte 0x1001 (LBA 8 + 1)');
  refused('@-5', /A byte offset cannot be negative/);
  refused('@0x100000', /Offset 0x100000 is past the end: the last byte is 0xFFFFF/);
});

test('p2+0 is the first sector of partition 2; p1 alone its start too', () => {
  assert.equal(target('p2+0').offset, 1000n * 512n);
  assert.equal(target('P2+0x10').offset, 1016n * 512n);
  assert.equal(target('p1').offset, 34n * 512n);
  assert.match(target('p2+5').understood, /^LBA 1005, sector 5 of partition 2/);
  refused('p2+1015', /past the end of partition 2: its last sector is p2\+1014/);
  refused('p3+0', /There is no partition 3: the partitions are 1, 2/);
  refused('p1+0', /still being read/, { ...DISK, partitions: null });
  refused('p1+0', /this disk has no partitions/, { ...DISK, partitions: [] });
});

test("+N and -N count sectors from the cursor's sector", () => {
  assert.equal(target('+10').offset, 110n * 512n);
  assert.equal(target('-1').offset, 99n * 512n);
  assert.match(target('-1').understood, /^LBA 99, 1 before the cursor's LBA 100/);
  refused('-101', /LBA -1 is before the start of the disk/);
  refused('+1948', /LBA 2048 is past the end: the last LBA is 2047/);
});

test('end is the last LBA, end-N counts back from it', () => {
  assert.equal(target('end').offset, 2047n * 512n);
  assert.equal(target('END-1').offset, 2046n * 512n);
  assert.equal(target('end - 0x10').offset, 2031n * 512n);
  refused('end-2048', /before the start of the disk/);
});

test('len N selects N sectors from an LBA, N bytes from a byte offset', () => {
  const sectors = target('2000 len 16');
  assert.equal(sectors.offset, 2000n * 512n);
  assert.deepEqual(sectors.selection, { start: 2000n * 512n, end: 2016n * 512n });
  assert.match(sectors.understood, /^16 sectors \(8192 bytes\) from LBA 2000/);
  assert.deepEqual(target('@0x10 LEN 0x20').selection, { start: 16n, end: 48n });
  assert.deepEqual(target('end len 1').selection, { start: 2047n * 512n, end: 2048n * 512n });
  refused('2040 len 9', /9 sectors from there run past the end: at most 8 fit/);
  refused('2040 len 0', /at least 1/);
  refused('2040 len many', /"many" in "2040 len many" is not a number/);
});

test('anything else says what it understands', () => {
  refused('', /Type an LBA/);
  refused('banana', /"banana" in "banana" is not a number/);
  refused('2048', /LBA 2048 is past the end: the last LBA is 2047/);
  refused('1 len 2 len 3', /Only one "len"/);
});
