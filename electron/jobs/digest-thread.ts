// The helper thread of a hash job: hashes its share of the digests over the shared block buffers
// the job thread names, and answers each block once it is done with that buffer.

import { createHash, type Hash } from 'node:crypto';
import type { MessagePort } from 'node:worker_threads';
import type { HashAlgorithm } from '../shared/contract';
import { viewOf, type SharedBlockRef } from './shared-block-ref';

export interface DigestWorkerData {
  role: 'digest';
  algorithms: HashAlgorithm[];
  blocks: SharedBlockRef[];
}

export type ToDigestThread = { type: 'block'; slot: number; bytes: number } | { type: 'finish' };

export type FromDigestThread =
  | { type: 'ack'; slot: number }
  | { type: 'digests'; digests: Partial<Record<HashAlgorithm, string>> };

export function serveDigests(data: DigestWorkerData, port: MessagePort): void {
  const hashes = new Map<HashAlgorithm, Hash>(data.algorithms.map((a) => [a, createHash(a)]));
  const views = data.blocks.map(viewOf);
  port.on('message', (message: ToDigestThread) => {
    if (message.type === 'block') {
      const bytes = (views[message.slot] as Uint8Array).subarray(0, message.bytes);
      for (const hash of hashes.values()) hash.update(bytes);
      port.postMessage({ type: 'ack', slot: message.slot } satisfies FromDigestThread);
      return;
    }
    const digests: Partial<Record<HashAlgorithm, string>> = {};
    for (const [algorithm, hash] of hashes) digests[algorithm] = hash.digest('hex');
    port.postMessage({ type: 'digests', digests } satisfies FromDigestThread);
    port.close();
  });
}
