#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { UsageError } from './cli-error';
import { runInfo } from './info-command';
import { runRead } from './read-command';
import { runServe } from './serve-command';
import { USAGE } from './usage';

const distDir = __dirname;

function write(chunk: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      hex: { type: 'boolean', default: false },
      lba: { type: 'string' },
      count: { type: 'string' },
      port: { type: 'string' },
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
    case 'info':
      await write(await runInfo(positionals[0], values.json, sectorSize));
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
        distDir,
        log: console.log,
      });
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`sectorscope: ${message}`);
  if (
    error instanceof UsageError ||
    (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
  ) {
    console.error('Run `sectorscope help` for the commands and options.');
    process.exit(2);
  }
  process.exit(1);
});
