// For information: random 4 KiB preads through the bridge's own libc binding (koffi's async call
// on libuv's thread pool) with none of DiskReader's layers. The gap between this and fio is what
// the thread-pool hop costs; the gap between this and DiskReader is what the bridge adds.

import { allocateAligned } from '../../native-bridge';
import { getLibc } from '../../native-bridge/libc';
import { randomBelow, seededRandom } from './seeded-random';

const BLOCK_BYTES = 4096;

/** IOPS of one loop of awaited preads at random 4 KiB-aligned offsets, for `seconds`. */
export async function measureLibcPread(path: string, size: bigint, seconds: number, seed = 21) {
  const libc = getLibc();
  const opened = await libc.open(path, libc.O_RDONLY | libc.O_DIRECT | libc.O_CLOEXEC);
  if (opened.result < 0) throw new Error(`Cannot open ${path} (errno ${opened.errno}).`);
  const fd = opened.result;
  try {
    const buffer = allocateAligned(BLOCK_BYTES);
    const blocks = size / BigInt(BLOCK_BYTES);
    const random = seededRandom(seed);
    let reads = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    while (performance.now() < deadline) {
      const offset = randomBelow(random, blocks) * BigInt(BLOCK_BYTES);
      const { result, errno } = await libc.pread(fd, buffer, BLOCK_BYTES, offset);
      if (result !== BLOCK_BYTES)
        throw new Error(`pread at ${offset} gave ${result} (errno ${errno}).`);
      reads++;
    }
    return reads / ((performance.now() - started) / 1000);
  } finally {
    await libc.close(fd);
  }
}
