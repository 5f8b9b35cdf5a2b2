import { BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { urlWithLba } from './app-args';
import { APP_INDEX_URL } from './app-files';
import { isPermitted } from './permissions';

export interface AppWindow {
  window: BrowserWindow;
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
}

/**
 * The app's one window, showing app://sectorscope/index.html (served by app-protocol.ts from
 * dist/renderer, never through file://), with #lba=N for `--lba N`.
 */
export function createAppWindow(
  distDir: string,
  options: { devTools: boolean; lba?: bigint | null },
): AppWindow {
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
      devTools: options.devTools,
      spellcheck: false,
    },
  });
  const contents = window.webContents;
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Every permission request is refused and every check says no, but for writing text to the
  // clipboard from our own page (permissions.ts), which Chromium asks about (as a check or a
  // request) before each navigator.clipboard.writeText.
  contents.session.setPermissionRequestHandler((webContents, permission, callback, details) =>
    callback(isPermitted(permission, webContents === contents, details.requestingUrl)),
  );
  contents.session.setPermissionCheckHandler((webContents, permission, requestingOrigin) =>
    isPermitted(permission, webContents === contents, requestingOrigin),
  );
  // `--lba N` rides in the fragment, which the page reads (and keeps its place in).
  void window.loadURL(urlWithLba(APP_INDEX_URL, options.lba ?? null));

  return {
    window,
    isTrustedSender: (event) => {
      const frame = event.senderFrame;
      if (!frame || event.sender !== contents || frame !== contents.mainFrame) return false;
      return frame.url.split(/[?#]/)[0] === APP_INDEX_URL;
    },
  };
}
