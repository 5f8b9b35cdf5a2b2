/** Paths given on the command line, without Electron's own entries and Chromium switches. */
export function pathsFromArgv(argv: readonly string[], defaultApp: boolean): string[] {
  return argv.slice(defaultApp ? 2 : 1).filter((arg) => !arg.startsWith('--'));
}
