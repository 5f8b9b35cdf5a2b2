// Arguments build/scripts/bench.mjs passes to every section script.

import { parseArgs } from 'node:util';

export interface SectionArgs {
  /** Where to write the section's JSON result. */
  out: string;
  /** Folder for data files (.bench/ in the project root). */
  dataDir: string;
  /** Short runs for trying the bench out; the figures are then rough. */
  quick: boolean;
}

export function readSectionArgs(argv: string[] = process.argv.slice(2)): SectionArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      quick: { type: 'boolean', default: false },
    },
  });
  if (!values.out || !values['data-dir']) {
    throw new Error(
      'A bench section needs --out FILE and --data-dir DIR; run it through `npm run bench`.',
    );
  }
  return { out: values.out, dataDir: values['data-dir'], quick: values.quick };
}

/** Runs a section's main and turns a failure into a message and exit code 1. */
export function runSection(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
