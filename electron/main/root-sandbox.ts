/**
 * Chromium refuses to start its sandbox as root and aborts before any of our code runs, so the
 * launcher checks first and explains instead of letting Electron crash.
 */
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
