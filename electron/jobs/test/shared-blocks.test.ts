// Shared block buffers: aligned for O_DIRECT, readable by koffi's pread, and the same memory in
// another thread (no copy).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { isAligned } from '../../../native-bridge';
import { openSource } from '../../source';
import { allocateSharedBlocks, viewOf } from '../shared-blocks';
import { ddBytes, tempDir, writeImage } from './job-test-support';

test('every block starts 4096-aligned and takes an O_DIRECT read like dd reads it', async (t) => {
  const image = join(tempDir(t), 'disk.img');
  writeImage(image, 1024 * 1024);
  const source = await openSource({ path: image });
  t.after(() => source.close());
  if (!source.geometry.directIO) {
    t.diagnostic(`${image}'s filesystem refuses O_DIRECT: buffered reads`);
  }
  const blocks = allocateSharedBlocks(3, 256 * 1024);
  for (const [i, block] of blocks.entries()) {
    const view = viewOf(block);
    assert.ok(view.buffer instanceof SharedArrayBuffer);
    assert.ok(isAligned(view), `block ${i}`);
    assert.equal(view.length, 256 * 1024);
    const read = await source.read(BigInt(i * 512 * 512), 512 * 512, { into: view });
    assert.deepEqual(read.unreadable, []);
    assert.equal(read.data.buffer, view.buffer, 'the bytes land in the block itself');
    assert.deepEqual(Buffer.from(view), ddBytes(image, 512, BigInt(i * 512), 512n));
  }
});

test('another thread sees the bytes in place', async () => {
  const [block] = allocateSharedBlocks(1, 64 * 1024);
  assert.ok(block);
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const view = new Uint8Array(workerData.buffer, workerData.byteOffset, workerData.length);
    parentPort.on('message', () => {
      const sum = view.reduce((a, b) => a + b, 0);
      view[0] = 0xab;
      parentPort.postMessage(sum);
    });`;
  const worker = new Worker(code, { eval: true, workerData: block });
  try {
    const view = viewOf(block);
    view.fill(1);
    const sum = await new Promise((resolve) => {
      worker.once('message', resolve);
      worker.postMessage('go');
    });
    assert.equal(sum, 64 * 1024);
    assert.equal(view[0], 0xab, 'the write in the other thread is seen here');
  } finally {
    await worker.terminate();
  }
});
