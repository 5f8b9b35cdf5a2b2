// Finds the Electron binary the `electron` package would run, without its require() (which
// downloads a missing binary and throws a stack trace when it cannot). The launcher and the
// Electron e2e test both use it.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { path: string } | { missing: string };

/** ELECTRON_OVERRIDE_DIST_PATH wins, else node_modules/electron/dist as a normal install has it. */
export function findElectronBinary(
  projectRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): ElectronBinary {
  const packageDir = join(projectRoot, 'node_modules', 'electron');
  if (!existsSync(join(packageDir, 'package.json'))) {
    return { missing: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, executable) : join(packageDir, 'dist', executable);
  if (existsSync(candidate)) return { path: candidate };
  return {
    missing: override
      ? `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist`
      : `no Electron binary at ${candidate} (the electron package downloads it on first use)`,
  };
}

/**
 * Runs the electron package's own download, quietly; the binary's path, or why there is none
 * (the download's last line of error, not its stack trace).
 */
export function downloadElectronBinary(projectRoot: string): ElectronBinary {
  const installer = join(projectRoot, 'node_modules', 'electron', 'install.js');
  const result = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: 120_000 });
  const found = findElectronBinary(projectRoot);
  if ('path' in found) return found;
  const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`;
  const reason =
    output
      .split('\n')
      .map((line) => line.trim())
      .find((line) =>
        /^(Error|RequestError|HTTPError)\b|ENOTFOUND|ECONNREFUSED|ETIMEDOUT/.test(line),
      ) ?? (result.error ? result.error.message : `the download exited with ${result.status}`);
  return { missing: `the download of Electron's binary failed: ${reason}` };
}
