// `sectorscope export PATH --lba N --count K --out FILE [--force] [--retries N] [--json]`

import { runJobOnPath } from '../jobs/run-job-on-path';
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

export async function runExportCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseJobArgs(args, {
    ...COMMON_JOB_OPTIONS,
    out: { type: 'string', short: 'o' },
    force: { type: 'boolean', default: false },
  });
  if (values.help) {
    await io.out(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    throw new UsageError(`export takes one PATH; got ${positionals.length}.`);
  }
  const out = values.out;
  if (out === undefined || out === '') {
    throw new UsageError('Missing --out FILE: the new file to write the sectors to.');
  }
  if (values.lba === undefined || values.count === undefined) {
    throw new UsageError('Say which sectors to export: --lba N --count K.');
  }
  const retries = parseRetriesOption(values.retries);
  const { info, lba, count } = await diskAndRange(positionals[0], values);
  const run = await withJobTerminal('Exporting', io, ({ signal, progress }) =>
    runJobOnPath(
      info.path,
      { lba, count },
      { kind: 'export' },
      {
        retries,
        sectorSize: sectorSizeOption(values),
        signal,
        onProgress: (p) => progress.update(p),
        exportTo: { path: out, overwrite: values.force },
      },
    ),
  );
  const result = run.result;
  if (result.kind !== 'export') throw new Error('an export job returned another kind of result');
  if (values.json) {
    const json = {
      source: info.path,
      destination: result.destination,
      lba: Number(lba),
      count: Number(count),
      sectorSize: info.logicalSectorSize,
      bytes: Number(result.bytes),
      sha256: result.sha256,
      badSectors: result.badSectors.map(Number),
      seconds: result.seconds,
    };
    await io.out(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `Exported ${rangeText(lba, count, info.logicalSectorSize)} of ${info.path} to ` +
      `${result.destination}: ${result.bytes} bytes in ${rateText(BigInt(result.bytes), result.seconds)}.`,
    `SHA-256: ${result.sha256}`,
    unreadableWarning(result.badSectors, 'were written as zeros (zero-filled)'),
  ];
  await io.out(`${lines.join('\n')}\n`);
  return 0;
}
