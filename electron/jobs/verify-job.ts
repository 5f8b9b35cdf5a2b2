// Verifies an image that stores the hashes of its media (an E01 stores MD5 and often SHA-1):
// recomputes them in one pass over the whole image, as ewfverify does, and lists the runs of
// sectors the image could not give (chunk checksum errors, missing data).

import { SectorscopeError, type VerifyResult } from '../shared/contract';
import { lbaRuns } from '../shared/lba-runs';
import type { SourceDetails, SourceFormat } from '../source';
import { runHashJob } from './hash-job';
import type { JobContext } from './job-context';

const VERIFIABLE = ['md5', 'sha1'] as const;

/**
 * The hashes verify computes: those the image stores. An E01 whose hashes are gone (they live
 * in its last segment) is still read through, and fails; an image of a format that stores none
 * is refused.
 */
export function verifiableHashes(
  details: SourceDetails,
  format: SourceFormat,
  path: string,
): (typeof VERIFIABLE)[number][] {
  const algorithms = VERIFIABLE.filter((algorithm) => details.storedHashes[algorithm]);
  if (algorithms.length === 0 && format === 'ewf') return [...VERIFIABLE];
  if (algorithms.length === 0) {
    throw new SectorscopeError(
      'UNSUPPORTED',
      `${path} stores no hash of its media to verify against (E01 images do); hash it instead ` +
        'and compare with the hash taken at acquisition.',
    );
  }
  return algorithms;
}

export async function runVerifyJob(
  context: JobContext,
  details: SourceDetails,
  format: SourceFormat,
  path: string,
): Promise<VerifyResult> {
  const algorithms = verifiableHashes(details, format, path);
  const hashed = await runHashJob(context, algorithms);
  const stored: VerifyResult['stored'] = {};
  const computed: VerifyResult['computed'] = {};
  for (const algorithm of algorithms) {
    const kept = details.storedHashes[algorithm];
    if (kept) stored[algorithm] = kept;
    computed[algorithm] = hashed.digests[algorithm];
  }
  const badRuns = lbaRuns(hashed.badSectors);
  return {
    kind: 'verify',
    stored,
    computed,
    verified:
      badRuns.length === 0 &&
      algorithms.every((algorithm) => stored[algorithm] === computed[algorithm]),
    badRuns,
    bytes: hashed.bytes,
    badSectors: hashed.badSectors,
    seconds: hashed.seconds,
  };
}
