#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { JobCancelledError } from '../jobs/job-cancelled';
import type { CommandIo } from './terminal/job-args';
import packageJson from '../../package.json';
import { UsageError } from './cli-error';
import { runAuditCommand } from './case-audit-command';
import { runBookmarkCommand } from './case-bookmark-command';
import { runCaseCommand } from './case-command';
import { runReportCommand } from './case-report-command';
import { runExportCommand } from './export-command';
import {
  runCatCommand,
  runExtentsCommand,
  runExtractCommand,
  runFilesCommand,
  runOwnerCommand,
  type FilesIo,
} from './files-commands';
import { runHashCommand } from './hash-command';
import { runDevices } from './devices-command';
import { runInfo } from './info-command';
import { runMapCommand } from './map-command';
import { keepNegativeNumbers } from './number-options';
import { runRead } from './read-command';
import { runPartitions } from './run-partitions';
import { runSearchCommand } from './search-command';
import { runServe, stopOnSignals } from './serve-command';
import { runVerifyCommand } from './verify-command';
import { USAGE } from './usage';

const distDir = __dirname;

function write(chunk: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

/** Commands that run a whole-disk job; each parses its own options (--hex takes a value here). */
const JOB_COMMANDS: Record<string, (args: string[], io: CommandIo) => Promise<number>> = {
  hash: runHashCommand,
  search: runSearchCommand,
  export: runExportCommand,
  verify: runVerifyCommand,
  map: runMapCommand,
};

/** Commands on a case folder (bookmarks, the audit log, reports); each parses its own options. */
const CASE_COMMANDS: Record<string, (args: string[], io: CommandIo) => Promise<number>> = {
  case: runCaseCommand,
  bookmark: runBookmarkCommand,
  audit: runAuditCommand,
  report: runReportCommand,
};

/** The file system commands; each parses its own options (--lba repeats for owner). */
const FILE_COMMANDS: Record<string, (args: string[], io: FilesIo) => Promise<number>> = {
  files: runFilesCommand,
  owner: runOwnerCommand,
  extents: runExtentsCommand,
  cat: runCatCommand,
  extract: runExtractCommand,
};

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V' || command === 'version') {
    await write(`sectorscope ${packageJson.version}\n`);
    return;
  }
  const jobCommand =
    command === undefined ? undefined : (JOB_COMMANDS[command] ?? CASE_COMMANDS[command]);
  if (jobCommand) {
    process.exitCode = await jobCommand(rest, { out: write, err: process.stderr });
    return;
  }
  const fileCommand = command === undefined ? undefined : FILE_COMMANDS[command];
  if (fileCommand) {
    process.exitCode = await fileCommand(rest, { out: write, err: process.stderr });
    return;
  }
  const { values, positionals } = parseArgs({
    args: keepNegativeNumbers(rest),
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      hex: { type: 'boolean', default: false },
      lba: { type: 'string' },
      count: { type: 'string' },
      port: { type: 'string' },
      'export-dir': { type: 'string' },
      case: { type: 'string' },
      'sign-key': { type: 'string' },
      devices: { type: 'boolean', default: false },
      'sector-size': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (command === undefined || command === 'help' || command === '--help' || values.help) {
    await write(USAGE);
    return;
  }
  const sectorSize = values['sector-size'];
  switch (command) {
    case 'devices':
      await write(await runDevices(values.json));
      return;
    case 'info':
      await write(await runInfo(positionals[0], values.json, sectorSize));
      return;
    case 'partitions':
      await write(await runPartitions(positionals[0], values.json, sectorSize));
      return;
    case 'read':
      await runRead(
        { path: positionals[0], lba: values.lba, count: values.count, hex: values.hex, sectorSize },
        write,
        (line) => console.error(`sectorscope: ${line}`),
      );
      return;
    case 'serve': {
      const server = await runServe({
        paths: positionals,
        port: values.port,
        exportDir: values['export-dir'],
        devices: values.devices,
        lba: values.lba,
        caseDir: values.case,
        signKey: values['sign-key'],
        distDir,
        log: console.log,
      });
      stopOnSignals(server, (line) => console.error(line));
      return;
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof JobCancelledError) {
    console.error('sectorscope: cancelled.');
    process.exit(130);
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`sectorscope: ${message}`);
  if (
    error instanceof UsageError ||
    String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')
  ) {
    console.error('Run `sectorscope help` for the commands and options.');
    process.exit(2);
  }
  process.exit(1);
});
