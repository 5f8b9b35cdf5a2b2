// What the job commands (hash, search, export) share, written once: their options, the checks
// made before the disk is opened, the range, Ctrl+C and the progress line, and the fields every
// result reports. Each command adds its own options, its job and how its result reads.

import type { ParseArgsConfig } from 'node:util';
import type { DiskFacts } from '../../jobs/launch-job';
import { runJobOnPath, type JobRun, type RunJobOptions } from '../../jobs/run-job-on-path';
import type { JobResult, JobSpec, SearchHit } from '../../shared/contract';
import { UsageError } from '../cli-error';
import { sectorSizeOption } from '../open-source-option';
import { USAGE } from '../usage';
import {
  COMMON_JOB_OPTIONS,
  diskAndRange,
  parseJobArgs,
  parseRetriesOption,
  type CommandIo,
} from './job-args';
import { withJobTerminal } from './job-terminal';
import type { ProgressLine } from './progress-line';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options every job command takes, as parsed. */
interface CommonValues {
  lba?: string;
  count?: string;
  json?: boolean;
  retries?: string;
  'sector-size'?: string;
  help?: boolean;
}

/** A command's parsed options: its own and the common ones. */
type Values<O extends Options> = CommonValues & {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string;
};

/** The job a command's options ask for, worked out before any disk is opened. */
export interface PlannedJob {
  spec: JobSpec;
  exportTo?: RunJobOptions['exportTo'];
  /** Search hits as they come, with the progress line to clear before printing them. */
  onHits?: (hits: SearchHit[], progress: ProgressLine) => void;
  /** Waits for what onHits started (hits on their way to stdout), however the job ended. */
  settle?: () => Promise<void>;
}

/** What every job result reports, whichever the command. */
export interface JobRunReport<R extends JobResult> {
  disk: DiskFacts;
  lba: bigint;
  count: bigint;
  result: R;
}

/**
 * A file a command writes besides its output (map --png): opened once the disk is known and
 * before any reading, so that a refused destination is said first; written once the job has
 * ended well, before the output; discarded when it has not.
 */
export interface SideFile<R extends JobResult> {
  write(report: JobRunReport<R>): Promise<void>;
  discard(): void;
}

export interface JobCommand<O extends Options, R extends JobResult> {
  /** For messages: "hash". */
  name: string;
  /** The progress line's verb: "Hashing". */
  verb: string;
  kind: R['kind'];
  options: O;
  /** Said when more than one PATH is given. */
  onePathHint?: string;
  /** Checks the command's own options (UsageError) and says what to run. */
  plan(values: Values<O>): PlannedJob;
  /** The --json object. */
  json(report: JobRunReport<R>, values: Values<O>): Record<string, unknown>;
  /** The text output's lines. */
  text(report: JobRunReport<R>, values: Values<O>): string[];
  /** The exit status for a job that ran to its end (default 0). */
  exitCode?(report: JobRunReport<R>): number;
  /** A file to write besides the output, if the options ask for one. */
  sideFile?(values: Values<O>, disk: DiskFacts): Promise<SideFile<R> | undefined>;
}

/** The fields every job's JSON shares, in the order they print. */
export function commonJson({ disk, lba, count, result }: JobRunReport<JobResult>) {
  return {
    lba: Number(lba),
    count: Number(count),
    sectorSize: disk.logicalSectorSize,
    bytes: Number(result.bytes),
  };
}

/** The fields every job's JSON ends with. */
export function closingJson({ result }: JobRunReport<JobResult>) {
  return { badSectors: result.badSectors.map(Number), seconds: result.seconds };
}

export async function runJobCommand<O extends Options, R extends JobResult>(
  command: JobCommand<O, R>,
  args: string[],
  io: CommandIo,
): Promise<number> {
  const parsed = parseJobArgs(args, { ...COMMON_JOB_OPTIONS, ...command.options });
  const values = parsed.values as Values<O>;
  const { positionals } = parsed;
  if (values.help) {
    await io.out(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    const hint = command.onePathHint ? ` ${command.onePathHint}` : '';
    throw new UsageError(`${command.name} takes one PATH; got ${positionals.length}.${hint}`);
  }
  const planned = command.plan(values);
  const retries = parseRetriesOption(values.retries);
  const sectorSize = sectorSizeOption(values['sector-size']);
  const { disk, lba, count } = await diskAndRange(positionals[0], values);
  const side = await command.sideFile?.(values, disk);
  let report: JobRunReport<R>;
  try {
    const run: JobRun = await withJobTerminal(command.verb, io, async ({ signal, progress }) => {
      try {
        return await runJobOnPath(disk.path, { lba, count }, planned.spec, {
          retries,
          sectorSize,
          signal,
          onProgress: (p) => progress.update(p),
          onHits: planned.onHits && ((hits) => planned.onHits?.(hits, progress)),
          exportTo: planned.exportTo,
        });
      } finally {
        await planned.settle?.();
      }
    });
    if (run.result.kind !== command.kind) {
      throw new Error(`a ${command.kind} job returned a ${run.result.kind} result`);
    }
    report = { disk, lba, count, result: run.result as R };
  } catch (error) {
    side?.discard();
    throw error;
  }
  await side?.write(report);
  const output = values.json
    ? JSON.stringify(command.json(report, values), null, 2)
    : command.text(report, values).join('\n');
  await io.out(`${output}\n`);
  return command.exitCode?.(report) ?? 0;
}
