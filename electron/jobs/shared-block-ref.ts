// Where a block buffer in shared memory lives (shared-blocks.ts makes them), and a thread's own
// view of it. Kept apart from the allocation, which needs koffi for the buffer's address: the
// digest helper only views blocks and must load no native module (see job-worker.ts).

export interface SharedBlockRef {
  buffer: SharedArrayBuffer;
  byteOffset: number;
  length: number;
}

export function viewOf(ref: SharedBlockRef): Uint8Array {
  return new Uint8Array(ref.buffer, ref.byteOffset, ref.length);
}
