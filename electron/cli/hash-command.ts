// `sectorscope hash PATH [--algo md5,sha1,sha256] [--lba N --count K] [--retries N] [--json]`

import type { HashAlgorithm } from '../shared/contract';
import { runJobOnPath } from '../jobs/run-job-on-path';
import { DEFAULT_HASH_ALGORITHMS, HASH_ALGORITHMS } from '../jobs/job-validation';
import {
  COMMON_JOB_OPTIONS,
  diskAndRange,
  parseJobArgs,
  parseRetriesOption,
  rangeText,
  rateText,
  sectorSizeOption,
  type CommandIo,
} from '../jobs/terminal/job-args';
import { withJobTerminal } from '../jobs/terminal/job-terminal';
import { unreadableWarning } from '../jobs/terminal/sector-list';
import { UsageError } from './cli-error';
import { USAGE } from './usage';

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

export async function runHashCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseJobArgs(args, {
    ...COMMON_JOB_OPTIONS,
    algo: { type: 'string' },
  });
  if (values.help) {
    await io.out(USAGE);
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`hash takes one PATH; got ${positionals.length}.`);
  const algorithms = parseAlgorithms(values.algo);
  const retries = parseRetriesOption(values.retries);
  const { info, lba, count } = await diskAndRange(positionals[0], values);
  const run = await withJobTerminal('Hashing', io, ({ signal, progress }) =>
    runJobOnPath(
      info.path,
      { lba, count },
      { kind: 'hash', algorithms },
      {
        retries,
        sectorSize: sectorSizeOption(values),
        signal,
        onProgress: (p) => progress.update(p),
      },
    ),
  );
  const result = run.result;
  if (result.kind !== 'hash') throw new Error('a hash job returned another kind of result');
  if (values.json) {
    const json: Record<string, unknown> = {
      path: info.path,
      lba: Number(lba),
      count: Number(count),
      sectorSize: info.logicalSectorSize,
      ...result.digests,
      bytes: Number(result.bytes),
      badSectors: result.badSectors.map(Number),
      seconds: result.seconds,
    };
    await io.out(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `Hashed ${info.path}, ${rangeText(lba, count, info.logicalSectorSize)}: ` +
      `${result.bytes} bytes in ${rateText(BigInt(result.bytes), result.seconds)}.`,
    ...algorithms.map((a) => `${`${LABELS[a]}:`.padEnd(9)}${result.digests[a] ?? ''}`),
    unreadableWarning(result.badSectors, 'were hashed as zeros (zero-filled)'),
  ];
  await io.out(`${lines.join('\n')}\n`);
  return 0;
}
