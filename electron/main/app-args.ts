import { parseWholeNumber } from '../shared/goto-input';

/** What the command line asks of the desktop app. */
export interface AppArgs {
  /** Paths to open, without Electron's own entries and Chromium switches. */
  paths: string[];
  /** `--lba N`: the LBA the first disk opens at, or null. */
  lba: bigint | null;
  /** Why `--lba` was not understood, to tell the user; null when it was (or was not given). */
  problem: string | null;
}

/** The paths and `--lba N` (or `--lba=N`) of `npm start -- PATH --lba N`. */
export function appArgs(argv: readonly string[], defaultApp: boolean): AppArgs {
  const args = argv.slice(defaultApp ? 2 : 1);
  const paths: string[] = [];
  let text: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--lba') text = args[++i] ?? '';
    else if (arg.startsWith('--lba=')) text = arg.slice('--lba='.length);
    else if (!arg.startsWith('--')) paths.push(arg);
  }
  if (text === null) return { paths, lba: null, problem: null };
  const lba = parseWholeNumber(text);
  if (lba === null) {
    return {
      paths,
      lba: null,
      problem: `--lba must be a whole number 0 or more (2048 or 0x800); got "${text}". Opening at LBA 0.`,
    };
  }
  return { paths, lba, problem: null };
}

/** The window's URL for a first LBA: the page reads the fragment (#lba=N) as the browser does. */
export function urlWithLba(url: string, lba: bigint | null): string {
  return lba === null ? url : `${url}#lba=${lba}`;
}
