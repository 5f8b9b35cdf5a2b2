// `sectorscope verify IMAGE [--json]`: recomputes the hashes an E01 stores over its media and
// compares them, listing the sectors the image could not give, as ewfverify does. Exit status 0
// when every stored hash matches and nothing was bad, 1 otherwise.

import type { VerifyResult } from '../shared/contract';
import { UsageError } from './cli-error';
import { formatBytes } from './info-command';
import { rateText, type CommandIo } from './terminal/job-args';
import { closingJson, commonJson, runJobCommand, type JobCommand } from './terminal/job-command';

const LABELS = { md5: 'MD5', sha1: 'SHA-1' } as const;

const VERIFY_COMMAND: JobCommand<Record<string, never>, VerifyResult> = {
  name: 'verify',
  verb: 'Verifying',
  kind: 'verify',
  options: {},
  plan: (values) => {
    if (values.lba !== undefined || values.count !== undefined) {
      throw new UsageError(
        'verify covers the whole image, as its stored hashes do: drop --lba and --count.',
      );
    }
    return { spec: { kind: 'verify' } };
  },
  json: (report) => ({
    path: report.disk.path,
    ...commonJson(report),
    verified: report.result.verified,
    stored: report.result.stored,
    computed: report.result.computed,
    badRuns: report.result.badRuns.map(({ start, end }) => ({
      start: Number(start),
      end: Number(end),
      count: Number(BigInt(end) - BigInt(start) + 1n),
    })),
    ...closingJson(report),
  }),
  text: ({ disk, result }) => {
    const lines = [
      `Verified ${disk.path}: ${result.bytes} bytes (${formatBytes(BigInt(result.bytes))}) in ` +
        `${rateText(BigInt(result.bytes), result.seconds)}.`,
    ];
    for (const algorithm of ['md5', 'sha1'] as const) {
      const computed = result.computed[algorithm];
      if (!computed) continue;
      const stored = result.stored[algorithm];
      const label = LABELS[algorithm];
      const verdict =
        stored === undefined ? '' : computed === stored ? '  (equal)' : '  (DIFFERENT)';
      lines.push(
        `${`${label} stored in the image:`.padEnd(28)}${stored ?? 'none (its segment is missing)'}`,
      );
      lines.push(`${`${label} computed over data:`.padEnd(28)}${computed}${verdict}`);
    }
    if (result.badRuns.length === 0) {
      lines.push('Sectors the image could not give (checksum errors, missing data): none.');
    } else {
      lines.push(`Sectors the image could not give (checksum errors, missing data), zero-filled:`);
      for (const { start, end } of result.badRuns) {
        lines.push(`  ${start} - ${end} (number: ${BigInt(end) - BigInt(start) + 1n})`);
      }
    }
    lines.push(result.verified ? 'VERIFIED: the image is what it says it is.' : 'NOT VERIFIED.');
    return lines;
  },
  exitCode: ({ result }) => (result.verified ? 0 : 1),
};

export function runVerifyCommand(args: string[], io: CommandIo): Promise<number> {
  return runJobCommand(VERIFY_COMMAND, args, io);
}
