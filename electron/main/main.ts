import { app, dialog, shell } from 'electron';
import { join } from 'node:path';
import { DiskService } from '../service/disk-service';
import type { CaseInfo } from '../shared/case-contract';
import type { WireReply } from '../shared/contract';
import { locateSampleDisk } from '../sample/locate-sample-disk';
import { appArgs } from './app-args';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { devToolsAllowed } from './dev-tools';
import { registerIpcTransport } from './ipc-transport';
import { installMenu, type MenuActions } from './menu';
import { RecentCases } from './recent-cases';
import { createAppWindow } from './window';

// dist/main.cjs sits beside preload.cjs, renderer/ and sample-disk.img.
const distDir = __dirname;

app.enableSandbox();
// The page comes from app://sectorscope/, never from file://; the scheme's privileges must be
// set before the app is ready.
registerAppScheme();

/** A reply's value, or its error thrown again (a menu action reports it in a dialog). */
function unwrap(reply: WireReply<unknown>): CaseInfo | null {
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as CaseInfo | null;
}

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
  const chooseFolder = async (title: string, buttonLabel: string, create: boolean) => {
    const choice = await dialog.showOpenDialog(window, {
      title,
      buttonLabel,
      properties: [
        'openDirectory',
        'showHiddenFiles',
        'dontAddToRecent',
        ...(create ? (['createDirectory', 'promptToCreate'] as const) : []),
      ],
    });
    return choice.canceled ? null : (choice.filePaths[0] ?? null);
  };
  const recentCases = new RecentCases(join(app.getPath('userData'), 'recent-cases.json'));
  await recentCases.load();
  let refreshMenu: () => void = () => undefined;
  const service = new DiskService({
    chooseSourcePath,
    chooseExportPath,
    // The desktop user may list and open this machine's block devices (File > Open Device).
    devices: true,
    caseProgram: 'the desktop app',
    chooseNewCaseFolder: () =>
      chooseFolder(
        'New case: choose an empty folder for it (not on the evidence)',
        'Start Case Here',
        true,
      ),
    chooseCaseFolder: () => chooseFolder('Open a case folder', 'Open Case', false),
    showReport: async (path) => {
      const problem = await shell.openPath(path);
      if (problem) dialog.showErrorBox('Sectorscope: the report', `${path}: ${problem}`);
    },
    onCaseOpened: (dir) => void recentCases.add(dir).then(() => refreshMenu()),
  });
  for (const path of paths.length > 0 ? paths : [await locateSampleDisk(distDir)]) {
    service.sources.add(path);
  }
  registerIpcTransport(service, isTrustedSender, () =>
    window.isDestroyed() ? undefined : window.webContents,
  );
  // A case action from the menu: its failure (a folder refused, a case.json that is not valid)
  // and a case opened read-only are said in a dialog.
  const caseAction = (action: () => Promise<CaseInfo | null>) =>
    void action().then(
      (info) => {
        refreshMenu();
        if (info?.readOnly) {
          void dialog.showMessageBox(window, {
            type: 'warning',
            title: 'Sectorscope',
            message: `The case ${info.name} is open read-only.`,
            detail: `${info.readOnlyReason ?? ''}\nNothing done now is recorded in it.`,
          });
        }
      },
      (error: unknown) =>
        dialog.showErrorBox(
          'Sectorscope: the case',
          error instanceof Error ? error.message : String(error),
        ),
    );
  const actions: MenuActions = {
    openDisk: () =>
      void chooseSourcePath().then((path) => path && service.announceSource(path, true)),
    openDevice: () => service.requestDevicePicker(),
    newCase: () => caseAction(() => service.handle('newCase', {}).then(unwrap)),
    openCase: () => caseAction(() => service.handle('openCase', {}).then(unwrap)),
    openRecentCase: (dir) => caseAction(() => service.cases.open(dir)),
    clearRecentCases: () => void recentCases.clear().then(() => refreshMenu()),
    closeCase: () => caseAction(async () => (await service.cases.close(), null)),
  };
  refreshMenu = () =>
    installMenu(actions, {
      devTools,
      recentCases: recentCases.list,
      caseOpen: service.cases.dir !== null,
    });
  refreshMenu();
  window.on('closed', () => void service.dispose());
  app.on('window-all-closed', () => app.quit());
}

start().catch((error: unknown) => {
  dialog.showErrorBox('Sectorscope could not start', String(error));
  app.exit(1);
});
