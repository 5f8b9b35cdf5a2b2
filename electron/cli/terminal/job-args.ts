// Options the job commands (hash, search, export) share: the disk, the range, retries, and
// a cancel on Ctrl+C.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { DiskFacts } from '../../jobs/launch-job';
import { diskFacts } from '../../jobs/launch-job';
import { UsageError } from '../cli-error';
import { openPathOption } from '../open-source-option';
import { keepNegativeNumbers, wholeNumberOption } from '../number-options';
import { MAX_JOB_RETRIES } from '../../jobs/job-validation';

export const COMMON_JOB_OPTIONS = {
  lba: { type: 'string' },
  count: { type: 'string' },
  json: { type: 'boolean', default: false },
  retries: { type: 'string' },
  'sector-size': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** parseArgs that reports unknown options and stray words as usage errors. */
export function parseJobArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
) {
  try {
    return parseArgs({
      args: keepNegativeNumbers(args),
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function parseRetriesOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = wholeNumberOption(text, '--retries');
  if (value > BigInt(MAX_JOB_RETRIES)) {
    throw new UsageError(`--retries must be 0 to ${MAX_JOB_RETRIES}; got ${text}.`);
  }
  return Number(value);
}

export interface DiskAndRange {
  disk: DiskFacts;
  lba: bigint;
  count: bigint;
}

/** Opens PATH to learn its geometry, and resolves --lba (default 0) and --count (default: to the end). */
export async function diskAndRange(
  path: string | undefined,
  values: { lba?: string; count?: string; 'sector-size'?: string },
): Promise<DiskAndRange> {
  const lba = values.lba === undefined ? 0n : wholeNumberOption(values.lba, '--lba');
  const count =
    values.count === undefined ? undefined : wholeNumberOption(values.count, '--count', 1n);
  const source = await openPathOption(path, values['sector-size']);
  const disk = diskFacts(source);
  await source.close();
  const last = disk.sectorCount - 1n;
  if (lba > last) {
    throw new UsageError(`LBA ${lba} is past the end of the disk: the last LBA is ${last}.`);
  }
  const left = disk.sectorCount - lba;
  if (count !== undefined && count > left) {
    throw new UsageError(
      `--count ${count} from LBA ${lba} runs past the end: at most ${left} sectors remain.`,
    );
  }
  return { disk, lba, count: count ?? left };
}

/** An AbortSignal that Ctrl+C (SIGINT) or SIGTERM aborts while the job runs. */
export function cancelOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.on('SIGINT', abort);
  process.on('SIGTERM', abort);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    },
  };
}

/** Where a job command writes: stdout for results, stderr for progress (on a terminal). */
export interface CommandIo {
  out: (text: string) => Promise<void>;
  err: { isTTY?: boolean; columns?: number; write(chunk: string): boolean };
}

export function rangeText(lba: bigint, count: bigint, sectorSize: number): string {
  const sectors = count === 1n ? '1 sector' : `${count} sectors`;
  return `LBA ${lba}-${lba + count - 1n} (${sectors} of ${sectorSize} bytes)`;
}

/** "1.52 s (812 MiB/s)": rates are in MiB/s everywhere (progress line, results, the viewer). */
export function rateText(bytes: bigint, seconds: number): string {
  const rate = seconds > 0 ? Number(bytes) / seconds / 1048576 : 0;
  return `${seconds.toFixed(2)} s (${rate.toFixed(0)} MiB/s)`;
}
