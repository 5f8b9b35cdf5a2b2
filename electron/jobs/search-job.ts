// Streams the range through the scanner; hits go out in batches as they are found, up to the cap.

import type { SearchHit, SearchPattern, SearchResult } from '../shared/contract';
import { compileSearchPattern } from '../shared/search-pattern';
import { SectorscopeError } from '../shared/contract';
import { runBlockPipeline } from './block-pipeline';
import { READS_IN_FLIGHT, SLOTS_PER_JOB, type JobContext } from './job-context';
import { allocateSharedBlocks, viewOf } from './shared-blocks';
import { StreamScanner, type ScanHit } from './stream-scanner';

export interface SearchOptions {
  pattern: SearchPattern;
  alignedToSector: boolean;
  maxHits: number;
}

/** Bytes of context on each side of a hit. */
export const HIT_CONTEXT_BYTES = 16;
/** Hits go out when this many are waiting, or when the oldest has waited this long. */
const HIT_BATCH_SIZE = 500;
const HIT_BATCH_MS = 100;

function toWire(hit: ScanHit, sectorSize: number): SearchHit {
  return {
    offset: hit.offset.toString(),
    lba: (hit.offset / BigInt(sectorSize)).toString(),
    context: Buffer.from(hit.context).toString('hex'),
    contextStart: hit.contextStart,
  };
}

export async function runSearchJob(
  context: JobContext,
  options: SearchOptions,
  sendHits: (hits: SearchHit[]) => void,
): Promise<SearchResult> {
  const { plan, tracker } = context;
  const compiled = compileSearchPattern(options.pattern);
  if (!compiled.ok) throw new SectorscopeError('INVALID_ARGUMENT', compiled.message);
  const scanner = new StreamScanner(compiled.pattern, {
    alignedToSector: options.alignedToSector,
    sectorSize: plan.sectorSize,
    startOffset: plan.firstLba * BigInt(plan.sectorSize),
    contextBytes: HIT_CONTEXT_BYTES,
  });
  let hits = 0;
  let truncated = false;
  let batch: SearchHit[] = [];
  let batchStarted = 0;
  const flush = () => {
    if (batch.length === 0) return;
    sendHits(batch);
    batch = [];
  };
  const onHit = (hit: ScanHit): boolean => {
    if (hits >= options.maxHits) {
      truncated = true;
      return false;
    }
    hits++;
    if (batch.length === 0) batchStarted = performance.now();
    batch.push(toWire(hit, plan.sectorSize));
    if (batch.length >= HIT_BATCH_SIZE) flush();
    return true;
  };
  await runBlockPipeline({
    source: context.source,
    plan,
    slots: allocateSharedBlocks(SLOTS_PER_JOB, context.blockBytes).map(viewOf),
    readsInFlight: READS_IN_FLIGHT,
    retries: context.retries,
    signal: context.signal,
    consume: (block) => {
      const more = scanner.scan(block.data, block.unreadable, onHit);
      tracker.blockDone(block);
      if (batch.length > 0 && performance.now() - batchStarted >= HIT_BATCH_MS) flush();
      return more ? undefined : 'stop';
    },
  });
  flush();
  return {
    kind: 'search',
    hits,
    truncated,
    bytes: tracker.bytesDone,
    badSectors: tracker.badSectors,
    seconds: tracker.seconds,
  };
}
