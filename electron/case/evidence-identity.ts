// What a piece of evidence is, as the case records it when it is added: read through the
// source layer (opened read-only, as everything is), then closed.

import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSource } from '../source';
import type { EvidenceIdentity } from './case-types';

/** Opens `path` read-only and describes it as evidence `id`. */
export async function identifyEvidence(
  path: string,
  id: string,
  sectorSize?: number,
): Promise<EvidenceIdentity> {
  const source = await openSource({ path, ...(sectorSize ? { sectorSize } : {}) });
  try {
    const { identity, geometry, details } = source;
    return {
      id,
      path: resolve(path),
      kind: identity.kind,
      format: identity.format,
      description: identity.description,
      size: geometry.size.toString(),
      logicalSectorSize: geometry.logicalSectorSize,
      physicalSectorSize: geometry.physicalSectorSize,
      sectorCount: geometry.sectorCount.toString(),
      segments: details.segments.map((segment) => resolve(segment)),
      metadata: { ...details.metadata },
      storedHashes: { ...details.storedHashes },
      library: details.library,
      warnings: [...details.warnings],
    };
  } finally {
    await source.close();
  }
}

/** The evidence of a case that `pathOrId` names (E2, or its path by any spelling), or undefined. */
export function findEvidence<T extends { id: string; path: string }>(
  evidence: readonly T[],
  pathOrId: string,
): T | undefined {
  const byId = evidence.find((item) => item.id.toLowerCase() === pathOrId.toLowerCase());
  if (byId) return byId;
  const wanted = realPath(pathOrId);
  return evidence.find((item) => realPath(item.path) === wanted);
}

/** The path through its links, or as it is when it cannot be followed (gone, no permission). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** The id the next evidence added to a case gets. */
export function nextEvidenceId(evidence: readonly { id: string }[]): string {
  const numbers = evidence.map((item) => Number(item.id.slice(1)));
  return `E${Math.max(0, ...numbers) + 1}`;
}
