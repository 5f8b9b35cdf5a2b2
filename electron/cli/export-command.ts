// `sectorscope export PATH --lba N --count K --out FILE [--force] [--retries N] [--json]`

import { checksumPathOf } from '../jobs/export-placement';
import type { ExportResult } from '../shared/contract';
import type { CommandIo } from './terminal/job-args';
import { rangeText, rateText } from './terminal/job-args';
import { closingJson, commonJson, runJobCommand, type JobCommand } from './terminal/job-command';
import { unreadableWarning } from './terminal/sector-list';
import { UsageError } from './cli-error';

const EXPORT_OPTIONS = {
  out: { type: 'string', short: 'o' },
  force: { type: 'boolean', default: false },
} as const;

const EXPORT_COMMAND: JobCommand<typeof EXPORT_OPTIONS, ExportResult> = {
  name: 'export',
  verb: 'Exporting',
  kind: 'export',
  options: EXPORT_OPTIONS,
  plan: (values) => {
    const out = values.out;
    if (out === undefined || out === '') {
      throw new UsageError('Missing --out FILE: the new file to write the sectors to.');
    }
    if (values.lba === undefined || values.count === undefined) {
      throw new UsageError('Say which sectors to export: --lba N --count K.');
    }
    return { spec: { kind: 'export' }, exportTo: { path: out, overwrite: values.force } };
  },
  json: (report) => ({
    source: report.disk.path,
    destination: report.result.destination,
    ...commonJson(report),
    sha256: report.result.sha256,
    checksumFile: checksumPathOf(report.result.destination),
    ...closingJson(report),
  }),
  text: ({ disk, lba, count, result }) => [
    `Exported ${rangeText(lba, count, disk.logicalSectorSize)} of ${disk.path} to ` +
      `${result.destination}: ${result.bytes} bytes in ${rateText(BigInt(result.bytes), result.seconds)}.`,
    `SHA-256: ${result.sha256}`,
    `Checksum file: ${checksumPathOf(result.destination)} (sha256sum -c checks the export with it)`,
    unreadableWarning(result.badSectors, 'were written as zeros (zero-filled)'),
  ],
};

export function runExportCommand(args: string[], io: CommandIo): Promise<number> {
  return runJobCommand(EXPORT_COMMAND, args, io);
}
