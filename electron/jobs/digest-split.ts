// Spreads the digests of a hash job over two threads so that both finish each block at about
// the same time. Costs are measured on this machine (SHA-NI, for one, makes SHA-256 cheaper than
// MD5), in a few milliseconds before the job starts.

import { createHash, randomFillSync } from 'node:crypto';
import type { HashAlgorithm } from '../shared/contract';

const SAMPLE_BYTES = 1024 * 1024;

/** Nanoseconds per byte for each algorithm, measured on a random megabyte. */
export function measureDigestCosts(
  algorithms: readonly HashAlgorithm[],
): Map<HashAlgorithm, number> {
  const sample = randomFillSync(new Uint8Array(SAMPLE_BYTES));
  const costs = new Map<HashAlgorithm, number>();
  for (const algorithm of algorithms) {
    createHash(algorithm).update(sample.subarray(0, 4096)).digest(); // warm up
    const start = process.hrtime.bigint();
    createHash(algorithm).update(sample).digest();
    costs.set(algorithm, Number(process.hrtime.bigint() - start) / SAMPLE_BYTES);
  }
  return costs;
}

export interface DigestSplit {
  /** Hashed by the thread that reads (the lighter share: it also drives the reads). */
  local: HashAlgorithm[];
  /** Hashed by a helper thread; empty when a second thread would not help. */
  helper: HashAlgorithm[];
}

/**
 * The split whose slower side is fastest (every split is tried: there are at most four
 * algorithms). One algorithm, or one core, means no helper.
 */
export function splitDigests(costs: Map<HashAlgorithm, number>, cores: number): DigestSplit {
  const algorithms = [...costs.keys()];
  if (algorithms.length < 2 || cores < 2) return { local: algorithms, helper: [] };
  const cost = (group: HashAlgorithm[]) => group.reduce((sum, a) => sum + (costs.get(a) ?? 0), 0);
  let best: DigestSplit = { local: algorithms, helper: [] };
  let bestCost = cost(algorithms);
  for (let mask = 1; mask < (1 << algorithms.length) - 1; mask++) {
    const helper = algorithms.filter((_, i) => (mask & (1 << i)) !== 0);
    const local = algorithms.filter((_, i) => (mask & (1 << i)) === 0);
    const slower = Math.max(cost(local), cost(helper));
    if (slower < bestCost || (slower === bestCost && cost(local) < cost(best.local))) {
      best = cost(local) <= cost(helper) ? { local, helper } : { local: helper, helper: local };
      bestCost = slower;
    }
  }
  return best;
}
