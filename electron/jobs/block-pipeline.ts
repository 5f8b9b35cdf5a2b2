// The read loop every job shares: blocks are read in order into a ring of buffers with the next
// reads already in flight while the last block is processed, and a buffer is reused only once
// its consumer (possibly another thread) has let go of it.

import type { EvidenceSource } from '../source';
import { plannedBlock, type BlockPlan, type PlannedBlock } from './block-plan';
import { unlessCancelled } from './job-cancelled';

export type BlockSource = Pick<EvidenceSource, 'read'>;

export interface ReadBlock extends PlannedBlock {
  /** Index of the buffer in `slots`. */
  slot: number;
  /** The block's bytes (`bytes` long); unreadable sectors are zero here. */
  data: Uint8Array;
  /** LBAs of the block that stayed unreadable, ascending. */
  unreadable: bigint[];
}

/**
 * What a consumer answers for a block: nothing (done with the buffer), a promise that settles
 * when the buffer may be reused, or 'stop' to end the job early (search hit cap).
 */
export type ConsumeResult = undefined | Promise<void> | 'stop';

export interface PipelineOptions {
  source: BlockSource;
  plan: BlockPlan;
  /** Aligned buffers of plan.blockSectors * sectorSize bytes each; at least two. */
  slots: Uint8Array[];
  /** Reads running at once (the reader allows two per disk). */
  readsInFlight: number;
  retries: number;
  signal: AbortSignal;
  consume: (block: ReadBlock) => ConsumeResult;
  /**
   * Wait for the consumers' pending work even when the job ends by cancel or error (an export's
   * writes: its file descriptor must not close under a write still queued).
   */
  settleConsumersOnExit?: boolean;
}

/** Runs the whole plan; rejects with JobCancelledError when the signal aborts. */
export async function runBlockPipeline(options: PipelineOptions): Promise<'done' | 'stopped'> {
  const releases = new Set<Promise<void>>();
  try {
    return await pump(options, releases);
  } finally {
    if (options.settleConsumersOnExit) await Promise.allSettled(releases);
  }
}

async function pump(
  options: PipelineOptions,
  releases: Set<Promise<void>>,
): Promise<'done' | 'stopped'> {
  const { source, plan, slots, signal, consume } = options;
  if (slots.length < 2) throw new RangeError('the pipeline needs at least two buffers');
  const free = slots.map((_, i) => i);
  const reads: Promise<ReadBlock>[] = [];
  let nextIndex = 0;
  let consumerError: { error: unknown } | undefined;

  const readBlock = async (index: number, slot: number): Promise<ReadBlock> => {
    const block = plannedBlock(plan, index);
    const buffer = slots[slot] as Uint8Array;
    const read = await source.read(block.offset, block.bytes, {
      into: buffer,
      retries: options.retries,
    });
    const unreadable = read.unreadable.map((sector) => sector.lba);
    return { ...block, slot, data: buffer.subarray(0, block.bytes), unreadable };
  };

  const issueReads = () => {
    while (reads.length < options.readsInFlight && free.length > 0 && nextIndex < plan.blockCount) {
      const read = readBlock(nextIndex++, free.shift() as number);
      // A read left behind by a cancel may still fail; that is no longer anyone's concern.
      read.catch(() => undefined);
      reads.push(read);
    }
  };

  for (let consumed = 0; consumed < plan.blockCount; consumed++) {
    issueReads();
    while (reads.length === 0) {
      // Every buffer is still with a consumer: wait for one to come back.
      await unlessCancelled(Promise.race(releases), signal);
      if (consumerError) throw consumerError.error;
      issueReads();
    }
    const block = await unlessCancelled(reads.shift() as Promise<ReadBlock>, signal);
    const answer = consume(block);
    if (answer === 'stop') return 'stopped';
    const release: Promise<void> = Promise.resolve(answer)
      .catch((error: unknown) => {
        consumerError ??= { error };
      })
      .finally(() => {
        releases.delete(release);
        free.push(block.slot);
      });
    releases.add(release);
    if (consumerError) throw consumerError.error;
  }
  await unlessCancelled(Promise.all(releases), signal);
  if (consumerError) throw consumerError.error;
  return 'done';
}
