// The delay option: a slow or hanging sector, timed with dd (O_DIRECT) on the loop device and
// with plain reads of the served FUSE file.
import assert from 'node:assert/strict';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { attachDelayedDisk } from './delayed-disk';
import { attachFaultyDisk, canUseFaultyDisk, mountFaultyImage } from './faulty-disk';
import { runTool } from './run-tool';
import { cleanupStack, makeWorkDir, sectorsOf, writeRandomImage } from './test-images';

const IMAGE_SIZE = 1 << 20;
const DELAY_MS = 1500;
const skip = canUseFaultyDisk() ?? false;

async function timed<T>(work: Promise<T>, start: number): Promise<{ value: T; ms: number }> {
  const value = await work;
  return { value, ms: performance.now() - start };
}

function ddArgs(device: string, sectorSize: number, lba: bigint, out: string): string[] {
  const args = [`if=${device}`, `of=${out}`, 'iflag=direct', `bs=${sectorSize}`];
  return [...args, `skip=${lba}`, 'count=1', 'status=none'];
}

describe('delayed sectors', { skip }, () => {
  for (const sectorSize of [512, 4096]) {
    test(`a delayed ${sectorSize}-byte sector is slow and does not hold up others`, async (t) => {
      const options = { sectorSize, imageBytes: IMAGE_SIZE, delayMs: DELAY_MS, slowLba: 50n };
      const { workDir, image, disk } = await attachDelayedDisk(t, options);

      const start = performance.now();
      const slowOut = join(workDir, 'slow.bin');
      const slow = timed(runTool('dd', ddArgs(disk.device, sectorSize, 50n, slowOut)), start);
      await sleep(100);
      const fastOut = join(workDir, 'fast.bin');
      const fastStart = performance.now();
      const fast = await timed(
        runTool('dd', ddArgs(disk.device, sectorSize, 200n, fastOut)),
        fastStart,
      );
      const slowDone = await slow;

      assert.equal(fast.value.code, 0, fast.value.stderr);
      assert.equal(slowDone.value.code, 0, slowDone.value.stderr);
      assert.ok(slowDone.ms >= DELAY_MS, `delayed read took only ${slowDone.ms} ms`);
      assert.ok(fast.ms < DELAY_MS / 3, `other read took ${fast.ms} ms while one was delayed`);
      assert.ok(fastStart + fast.ms < start + slowDone.ms, 'the fast read waited for the slow');
      assert.deepEqual(
        new Uint8Array(await readFile(slowOut)),
        sectorsOf(image, 50n, 1, sectorSize),
      );
      assert.deepEqual(
        new Uint8Array(await readFile(fastOut)),
        sectorsOf(image, 200n, 1, sectorSize),
      );
    });
  }

  test('at the FUSE file level, concurrent reads overlap the delay', async (t) => {
    const defer = cleanupStack(t);
    const work = await makeWorkDir();
    defer(work.remove);
    const backingImage = join(work.dir, 'backing.img');
    const image = await writeRandomImage(backingImage, IMAGE_SIZE);
    const mount = await mountFaultyImage({ backingImage, delay: { ms: DELAY_MS, sectors: [3n] } });
    defer(mount.unmount);
    const file = await open(mount.imagePath, 'r');
    defer(() => file.close());

    const read = async (position: number, length: number) => {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await file.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    };
    const start = performance.now();
    // Only the last byte of the read touches sector 3 (bytes 1536..2047).
    const slow = timed(read(1024, 513), start);
    await sleep(100);
    const fastStart = performance.now();
    const fast = await timed(read(2048, 4096), fastStart);
    const slowDone = await slow;

    assert.deepEqual(fast.value, image.subarray(2048, 2048 + 4096));
    assert.deepEqual(slowDone.value, image.subarray(1024, 1024 + 513));
    assert.ok(slowDone.ms >= DELAY_MS, `delayed read took only ${slowDone.ms} ms`);
    assert.ok(fast.ms < DELAY_MS / 3, `other read took ${fast.ms} ms while one was delayed`);
    const edge = await timed(read(1024, 512), performance.now());
    assert.ok(edge.ms < DELAY_MS / 3, `a read ending right before sector 3 took ${edge.ms} ms`);
  });

  test('without delay sectors every read is delayed', async (t) => {
    const defer = cleanupStack(t);
    const work = await makeWorkDir();
    defer(work.remove);
    const backingImage = join(work.dir, 'backing.img');
    await writeRandomImage(backingImage, IMAGE_SIZE);
    const disk = await attachFaultyDisk({ backingImage, delay: { ms: 400 } });
    defer(disk.detach);

    for (const lba of [0n, 1000n, 2047n]) {
      const out = join(work.dir, `read-${lba}.bin`);
      const read = await timed(
        runTool('dd', ddArgs(disk.device, 512, lba, out)),
        performance.now(),
      );
      assert.equal(read.value.code, 0, read.value.stderr);
      assert.ok(read.ms >= 400, `read of sector ${lba} took only ${read.ms} ms`);
    }
  });

  test('detaching while a read hangs ends that read with EIO, promptly', async (t) => {
    const defer = cleanupStack(t);
    const work = await makeWorkDir();
    defer(work.remove);
    const backingImage = join(work.dir, 'backing.img');
    await writeRandomImage(backingImage, IMAGE_SIZE);
    const disk = await attachFaultyDisk({ backingImage, delay: { ms: 600_000, sectors: [7n] } });
    defer(disk.detach);

    const start = performance.now();
    const out = join(work.dir, 'hung.bin');
    const hung = timed(runTool('dd', ddArgs(disk.device, 512, 7n, out)), start);
    await sleep(300);
    await disk.detach();
    const detachMs = performance.now() - start;
    const result = await hung;

    assert.ok(detachMs < 10_000, `detach took ${detachMs} ms`);
    assert.notEqual(result.value.code, 0, 'the hung read should fail once the disk is gone');
    assert.match(result.value.stderr, /Input\/output error/);
    assert.ok(result.ms < 10_000, `the hung read took ${result.ms} ms to end`);
  });
});
