import {
  findElectronBinary as find,
  type ElectronBinary,
} from '../../electron/launcher/electron-binary';
import { PROJECT_ROOT } from './serve-process';

/**
 * The Electron binary the `electron` package would run, without triggering its download:
 * ELECTRON_OVERRIDE_DIST_PATH wins, else node_modules/electron/dist as a normal install leaves it.
 */
export function findElectronBinary(): ElectronBinary {
  const found = find(PROJECT_ROOT);
  if ('path' in found) return found;
  return {
    missing: `${found.missing}; this machine cannot download it: set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron to run this test`,
  };
}
