// `sectorscope hash PATH [--algo md5,sha1,sha256] [--lba N --count K] [--retries N] [--json]`

import type { HashAlgorithm, HashResult } from '../shared/contract';
import { DEFAULT_HASH_ALGORITHMS, HASH_ALGORITHMS } from '../jobs/job-validation';
import type { CommandIo } from './terminal/job-args';
import { rangeText, rateText } from './terminal/job-args';
import { closingJson, commonJson, runJobCommand, type JobCommand } from './terminal/job-command';
import { unreadableWarning } from './terminal/sector-list';
import { UsageError } from './cli-error';

const LABELS: Record<HashAlgorithm, string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
};

export function parseAlgorithms(text: string | undefined): HashAlgorithm[] {
  if (text === undefined) return [...DEFAULT_HASH_ALGORITHMS];
  const names = text
    .split(',')
    .map((name) => name.trim().toLowerCase().replace('-', ''))
    .filter(Boolean);
  if (names.length === 0) {
    throw new UsageError(`--algo needs at least one of ${HASH_ALGORITHMS.join(', ')}.`);
  }
  for (const name of names) {
    if (!HASH_ALGORITHMS.includes(name as HashAlgorithm)) {
      throw new UsageError(`Unknown --algo "${name}": use ${HASH_ALGORITHMS.join(', ')}.`);
    }
  }
  return HASH_ALGORITHMS.filter((a) => names.includes(a));
}

const HASH_COMMAND: JobCommand<{ algo: { type: 'string' } }, HashResult> = {
  name: 'hash',
  verb: 'Hashing',
  kind: 'hash',
  options: { algo: { type: 'string' } },
  plan: (values) => ({ spec: { kind: 'hash', algorithms: parseAlgorithms(values.algo) } }),
  json: (report) => ({
    path: report.disk.path,
    ...commonJson(report),
    ...report.result.digests,
    ...closingJson(report),
  }),
  text: ({ disk, lba, count, result }, values) => [
    `Hashed ${disk.path}, ${rangeText(lba, count, disk.logicalSectorSize)}: ` +
      `${result.bytes} bytes in ${rateText(BigInt(result.bytes), result.seconds)}.`,
    ...parseAlgorithms(values.algo).map(
      (a) => `${`${LABELS[a]}:`.padEnd(9)}${result.digests[a] ?? ''}`,
    ),
    unreadableWarning(result.badSectors, 'were hashed as zeros (zero-filled)'),
  ],
};

export function runHashCommand(args: string[], io: CommandIo): Promise<number> {
  return runJobCommand(HASH_COMMAND, args, io);
}
