import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './serve-process';

/**
 * The Electron binary the `electron` package would run, without triggering its download:
 * ELECTRON_OVERRIDE_DIST_PATH wins, else node_modules/electron/dist as a normal install leaves it.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  const packageDir = join(PROJECT_ROOT, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, executable) : join(packageDir, 'dist', executable);
  if (existsSync(candidate)) return { path: candidate };
  return {
    missing: override
      ? `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist`
      : `no Electron binary at ${candidate} (the electron package downloads it on first use, which this machine cannot do; set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron to run this test)`,
  };
}
