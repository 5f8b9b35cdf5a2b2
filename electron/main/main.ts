import { app, dialog } from 'electron';
import { join } from 'node:path';
import { DiskService } from '../service/disk-service';
import { locateSampleDisk } from '../sample/locate-sample-disk';
import { appArgs } from './app-args';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { devToolsAllowed } from './dev-tools';
import { registerIpcTransport } from './ipc-transport';
import { installMenu } from './menu';
import { createAppWindow } from './window';

// dist/main.cjs sits beside preload.cjs, renderer/ and sample-disk.img.
const distDir = __dirname;

app.enableSandbox();
// The page comes from app://sectorscope/, never from file://; the scheme's privileges must be
// set before the app is ready.
registerAppScheme();

async function start(): Promise<void> {
  await app.whenReady();
  serveAppScheme(join(distDir, 'renderer'));
  const devTools = devToolsAllowed(app.isPackaged, process.env);
  const { paths, lba, problem } = appArgs(process.argv, Boolean(process.defaultApp));
  if (problem) dialog.showErrorBox('Sectorscope', problem);
  const { window, isTrustedSender } = createAppWindow(distDir, { devTools, lba });
  const chooseSourcePath = async (): Promise<string | null> => {
    const choice = await dialog.showOpenDialog(window, {
      title: 'Open a disk or disk image (read-only)',
      properties: ['openFile', 'showHiddenFiles', 'dontAddToRecent'],
    });
    return choice.canceled ? null : (choice.filePaths[0] ?? null);
  };
  const chooseExportPath = async (suggestedName: string) => {
    const choice = await dialog.showSaveDialog(window, {
      title: 'Export sectors to a file',
      defaultPath: suggestedName,
      properties: ['showOverwriteConfirmation', 'dontAddToRecent', 'createDirectory'],
    });
    // The dialog has asked before replacing an existing file.
    return choice.canceled || !choice.filePath ? null : { path: choice.filePath, overwrite: true };
  };
  const service = new DiskService({
    chooseSourcePath,
    chooseExportPath,
    // The desktop user may list and open this machine's block devices (File > Open Device).
    devices: true,
  });
  for (const path of paths.length > 0 ? paths : [await locateSampleDisk(distDir)]) {
    service.sources.add(path);
  }
  registerIpcTransport(service, isTrustedSender, () =>
    window.isDestroyed() ? undefined : window.webContents,
  );
  installMenu(
    {
      openDisk: () =>
        void chooseSourcePath().then((path) => path && service.announceSource(path, true)),
      openDevice: () => service.requestDevicePicker(),
    },
    { devTools },
  );
  window.on('closed', () => void service.dispose());
  app.on('window-all-closed', () => app.quit());
}

start().catch((error: unknown) => {
  dialog.showErrorBox('Sectorscope could not start', String(error));
  app.exit(1);
});
