import assert from 'node:assert/strict';
import { test } from 'node:test';
import koffi from 'koffi';
import { allocateAligned, BUFFER_ALIGNMENT, isAligned } from '../aligned-buffer';

test('buffers start at a 4096-aligned address and have the asked length', () => {
  for (const length of [0, 1, 512, 4095, 4096, 4097, 1024 * 1024 + 3]) {
    const buffer = allocateAligned(length);
    assert.equal(buffer.length, length);
    assert.equal(koffi.address(buffer) % BigInt(BUFFER_ALIGNMENT), 0n, `length ${length}`);
    assert.ok(isAligned(buffer));
    assert.ok(buffer.every((byte) => byte === 0));
  }
});

test('other power-of-two alignments', () => {
  for (const alignment of [8, 16, 512, 65536]) {
    const buffer = allocateAligned(100, alignment);
    assert.equal(koffi.address(buffer) % BigInt(alignment), 0n);
  }
});

test('isAligned sees a misaligned sub-array', () => {
  const buffer = allocateAligned(8192);
  assert.equal(isAligned(buffer.subarray(1)), false);
  assert.equal(isAligned(buffer.subarray(512), 512), true);
  assert.equal(isAligned(buffer.subarray(512)), false);
  assert.equal(isAligned(buffer.subarray(4096)), true);
});

test('bad lengths and alignments are refused', () => {
  assert.throws(() => allocateAligned(-1), RangeError);
  assert.throws(() => allocateAligned(1.5), RangeError);
  assert.throws(() => allocateAligned(10, 3000), RangeError);
  assert.throws(() => allocateAligned(10, 0), RangeError);
});
