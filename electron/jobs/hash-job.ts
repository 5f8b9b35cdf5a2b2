// One pass over the range computing every requested digest, split over two threads where that
// is faster. Unreadable sectors are hashed as zeros (dc3dd's convention) and listed.

import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { HashAlgorithm, HashResult } from '../shared/contract';
import { runBlockPipeline } from './block-pipeline';
import { DigestHelper } from './digest-helper';
import { measureDigestCosts, splitDigests } from './digest-split';
import { READS_IN_FLIGHT, SLOTS_PER_JOB, type JobContext } from './job-context';
import { allocateSharedBlocks, viewOf } from './shared-blocks';

export async function runHashJob(
  context: JobContext,
  algorithms: HashAlgorithm[],
): Promise<HashResult> {
  const { plan, tracker } = context;
  const split = splitDigests(measureDigestCosts(algorithms), availableParallelism());
  const blocks = allocateSharedBlocks(SLOTS_PER_JOB, context.blockBytes);
  const local = split.local.map((algorithm) => ({ algorithm, hash: createHash(algorithm) }));
  const helper = split.helper.length > 0 ? new DigestHelper(split.helper, blocks) : undefined;
  try {
    await runBlockPipeline({
      source: context.source,
      plan,
      slots: blocks.map(viewOf),
      readsInFlight: READS_IN_FLIGHT,
      retries: context.retries,
      signal: context.signal,
      consume: (block) => {
        // The helper starts on the block first, so that both threads hash it at the same time.
        const helperDone = helper?.update(block.slot, block.bytes);
        for (const { hash } of local) hash.update(block.data);
        tracker.blockDone(block);
        return helperDone;
      },
    });
    const digests: Partial<Record<HashAlgorithm, string>> = helper ? await helper.finish() : {};
    for (const { algorithm, hash } of local) digests[algorithm] = hash.digest('hex');
    const ordered: Partial<Record<HashAlgorithm, string>> = {};
    for (const algorithm of algorithms) ordered[algorithm] = digests[algorithm];
    return {
      kind: 'hash',
      digests: ordered,
      bytes: plan.totalBytes.toString(),
      badSectors: tracker.badSectors,
      seconds: tracker.seconds,
    };
  } finally {
    await helper?.terminate();
  }
}
