// What would stop the desktop app before any of its code runs, each said in plain words with
// what to do instead: no desktop session, no Electron binary, or root without --no-sandbox
// (Chromium refuses to start its sandbox as root and aborts).

/** The browser-mode command for the same paths: it needs neither a desktop nor Electron. */
export function serveCommand(args: readonly string[]): string {
  const paths = args.filter((arg) => !arg.startsWith('--'));
  return ['npx sectorscope serve', ...paths.map(quoteForShell)].join(' ');
}

function quoteForShell(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

function instead(args: readonly string[]): string[] {
  return [
    'Use the browser mode instead, which serves the same viewer to any browser on this machine',
    `(or over ssh -L from another): ${serveCommand(args)}`,
  ];
}

/** No X11 or Wayland display to open a window on (a server, a container, an ssh session). */
export function noDesktopProblem(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): string | null {
  if (platform !== 'linux' || env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return [
    'Sectorscope cannot open its window: there is no desktop session here (neither DISPLAY nor',
    'WAYLAND_DISPLAY is set).',
    ...instead(args),
  ].join('\n');
}

export function noElectronProblem(args: readonly string[], why: string): string {
  return [
    `Sectorscope's desktop app cannot start: ${why}.`,
    "On a machine that can reach Electron's download host, `npm install` and `npm start` fetch it;",
    'or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron 45.',
    ...instead(args),
  ].join('\n');
}

export function rootSandboxProblem(
  args: readonly string[],
  uid: number | undefined,
): string | null {
  if (uid !== 0 || args.includes('--no-sandbox')) return null;
  return [
    'Sectorscope is running as root, and Chromium (inside Electron) cannot start its sandbox as root.',
    'Either run it as your own user with read access to the disk (add yourself to the `disk` group:',
    '  sudo usermod -aG disk $USER   then log out and in again),',
    'or, as root, turn the renderer sandbox off explicitly:',
    '  npm start -- --no-sandbox [PATH]',
    'The disk is opened read-only either way; --no-sandbox only weakens the isolation of the window.',
  ].join('\n');
}
