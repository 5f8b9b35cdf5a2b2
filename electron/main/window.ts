import { BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AppWindow {
  window: BrowserWindow;
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
}

export function createAppWindow(distDir: string): AppWindow {
  const indexUrl = pathToFileURL(join(distDir, 'renderer', 'index.html')).toString();
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Sectorscope',
    backgroundColor: '#14171c',
    webPreferences: {
      preload: join(distDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  const contents = window.webContents;
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  void window.loadURL(indexUrl);

  return {
    window,
    isTrustedSender: (event) => {
      const frame = event.senderFrame;
      if (!frame || event.sender !== contents || frame !== contents.mainFrame) return false;
      return frame.url.split(/[?#]/)[0] === indexUrl;
    },
  };
}
