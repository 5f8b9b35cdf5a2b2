import { app, dialog } from 'electron';
import { DiskService } from '../service/disk-service';
import { locateSampleDisk } from '../sample/locate-sample-disk';
import { pathsFromArgv } from './app-args';
import { registerIpcTransport } from './ipc-transport';
import { installMenu } from './menu';
import { createAppWindow } from './window';

// dist/main.cjs sits beside preload.cjs, renderer/ and sample-disk.img.
const distDir = __dirname;

app.enableSandbox();

async function start(): Promise<void> {
  await app.whenReady();
  const paths = pathsFromArgv(process.argv, Boolean(process.defaultApp));
  const { window, isTrustedSender } = createAppWindow(distDir);
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
  });
  for (const path of paths.length > 0 ? paths : [await locateSampleDisk(distDir)]) {
    service.sources.add(path);
  }
  registerIpcTransport(service, isTrustedSender, () =>
    window.isDestroyed() ? undefined : window.webContents,
  );
  installMenu({
    openDisk: () =>
      void chooseSourcePath().then((path) => path && service.announceSource(path, true)),
  });
  window.on('closed', () => void service.dispose());
  app.on('window-all-closed', () => app.quit());
}

start().catch((error: unknown) => {
  dialog.showErrorBox('Sectorscope could not start', String(error));
  app.exit(1);
});
