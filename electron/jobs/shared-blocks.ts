// Block buffers in shared memory: the job thread reads into them with O_DIRECT and a second
// thread hashes the same bytes without a copy. Each buffer starts at a 4096-aligned address
// (koffi gives the address; a SharedArrayBuffer's memory never moves).

import { addressOf } from '../../native-bridge/aligned-buffer';
import { BUFFER_ALIGNMENT } from '../../native-bridge';
import type { SharedBlockRef } from './shared-block-ref';

export { viewOf, type SharedBlockRef } from './shared-block-ref';

export function allocateSharedBlocks(count: number, blockBytes: number): SharedBlockRef[] {
  return Array.from({ length: count }, () => {
    const buffer = new SharedArrayBuffer(blockBytes + BUFFER_ALIGNMENT);
    const misalignment = Number(addressOf(new Uint8Array(buffer, 0, 1)) % BigInt(BUFFER_ALIGNMENT));
    const byteOffset = misalignment === 0 ? 0 : BUFFER_ALIGNMENT - misalignment;
    return { buffer, byteOffset, length: blockBytes };
  });
}
