// Runs the built dist/main.cjs in plain Node with a stand-in for the `electron` module (no
// Electron binary runs on this machine), records what the main process asks of Electron, then
// exercises what it set up (the app:// handler, the permission handlers, the IPC sender check,
// the navigation guards) and writes a JSON report to the file FAKE_ELECTRON_REPORT names.
// build/test/main-process.test.ts runs it with `node --import tsx`, FAKE_ELECTRON_PACKAGED=1 for
// app.isPackaged, FAKE_ELECTRON_PROBES the app:// requests to make, and SECTORSCOPE_DEVTOOLS
// passed through.
//
// The stand-in is strict: touching any part of Electron it does not model throws, so a main
// process that starts using more of Electron makes the test fail until the stand-in (and the
// test) covers it.
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CALL_CHANNEL } from '../../../electron/shared/ipc-channels';

const root = join(__dirname, '..', '..', '..');
const APP_INDEX = 'app://sectorscope/index.html';
const distMain = join(root, 'dist', 'main.cjs');

type Listener = (...args: unknown[]) => unknown;
type ProtocolHandler = (request: Request) => Response | Promise<Response>;
type PermissionCheck = (...args: unknown[]) => unknown;
type PermissionRequest = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string; isMainFrame: boolean },
) => void;

/** An object that throws on any property it does not have, naming it. */
function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (typeof property === 'symbol' || property in object || property === 'then') {
        return Reflect.get(object, property, receiver);
      }
      throw new Error(`the fake electron has no ${name}.${property}`);
    },
  });
}

let ready = false;
const events: string[] = [];
const schemes: { scheme: string; privileges: unknown; beforeReady: boolean }[] = [];
const protocolHandlers = new Map<string, { handler: ProtocolHandler; afterReady: boolean }>();
const ipcHandlers = new Map<string, Listener>();
const errors: string[] = [];
let menuTemplate: unknown;
let menuInstalled: () => void = () => undefined;
const menuReady = new Promise<void>((resolve) => (menuInstalled = resolve));

class FakeWebContents {
  readonly listeners = new Map<string, Listener[]>();
  readonly mainFrame = strict('WebFrameMain', { url: '' });
  readonly loadedUrls: string[] = [];
  loadFileCalls = 0;
  windowOpenHandler: Listener | undefined;
  permissionCheck: PermissionCheck | undefined;
  permissionRequest: PermissionRequest | undefined;
  readonly session = strict('Session', {
    setPermissionRequestHandler: (handler: PermissionRequest) => {
      this.permissionRequest = handler;
    },
    setPermissionCheckHandler: (handler: PermissionCheck) => {
      this.permissionCheck = handler;
    },
  });
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
  send(): void {}
}

const windows: FakeBrowserWindow[] = [];

class FakeBrowserWindow {
  readonly webContents = strict('WebContents', new FakeWebContents());
  constructor(readonly options: Record<string, unknown>) {
    windows.push(this);
    events.push('new BrowserWindow');
  }
  loadURL(url: string): Promise<void> {
    this.webContents.loadedUrls.push(url);
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  loadFile(): Promise<void> {
    this.webContents.loadFileCalls++;
    return Promise.resolve();
  }
  on(): this {
    return this;
  }
  isDestroyed(): boolean {
    return false;
  }
}

const fakeElectron = strict('electron', {
  app: strict('app', {
    isPackaged: process.env.FAKE_ELECTRON_PACKAGED === '1',
    enableSandbox: () => events.push('app.enableSandbox'),
    // userData and the like: beside the report, in the test's own temporary folder.
    getPath: (name: string) => join(dirname(process.env.FAKE_ELECTRON_REPORT ?? ''), name),
    whenReady: () =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          ready = true;
          events.push('ready');
          resolve();
        }),
      ),
    on: () => undefined,
    quit: () => undefined,
    exit: (code: number) => errors.push(`app.exit(${code})`),
  }),
  dialog: strict('dialog', {
    showErrorBox: (title: string, message: string) => errors.push(`${title}: ${message}`),
  }),
  protocol: strict('protocol', {
    registerSchemesAsPrivileged: (list: { scheme: string; privileges?: unknown }[]) => {
      for (const { scheme, privileges } of list) {
        schemes.push({ scheme, privileges, beforeReady: !ready });
      }
    },
    handle: (scheme: string, handler: ProtocolHandler) => {
      protocolHandlers.set(scheme, { handler, afterReady: ready });
    },
  }),
  ipcMain: strict('ipcMain', {
    handle: (channel: string, listener: Listener) => ipcHandlers.set(channel, listener),
  }),
  Menu: strict('Menu', {
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu: (menu: { template: unknown }) => {
      menuTemplate = menu.template;
      menuInstalled();
    },
  }),
  BrowserWindow: FakeBrowserWindow,
});

// dist/main.cjs requires 'electron' from the project root, where it resolves to the electron
// package's index.js; a module put into require.cache under that name is what require returns.
const requireFromDist = createRequire(distMain);
const electronPath = requireFromDist.resolve('electron');
const stub = new Module(electronPath);
stub.exports = fakeElectron;
stub.loaded = true;
requireFromDist.cache[electronPath] = stub;

/** What the app:// handler answers, for the probes the test asks for. */
async function probeProtocol(probes: { method: string; url: string }[]) {
  const handler = protocolHandlers.get('app')?.handler;
  if (!handler) return null;
  const results = [];
  for (const { method, url } of probes) {
    const response = await handler(new Request(url, { method }));
    const body = Buffer.from(await response.arrayBuffer());
    results.push({
      method,
      url,
      status: response.status,
      contentType: response.headers.get('content-type'),
      csp: response.headers.get('content-security-policy'),
      body: body.toString('base64'),
    });
  }
  return results;
}

async function probeIpc(contents: FakeWebContents) {
  const handler = ipcHandlers.get(CALL_CHANNEL);
  if (!handler) return null;
  const call = async (sender: unknown, senderFrame: unknown) => {
    const reply = (await handler({ sender, senderFrame }, 'noSuchMethod', {})) as {
      ok: boolean;
      error?: { message: string };
    };
    return reply.error?.message ?? 'ok';
  };
  const pageUrl = contents.mainFrame.url;
  const result = {
    mainFrame: await call(contents, contents.mainFrame),
    subFrame: await call(contents, { url: pageUrl }),
    otherContents: await call(new FakeWebContents(), contents.mainFrame),
    fileUrl: '',
  };
  // The same page as it used to be loaded, from file://.
  contents.mainFrame.url = `file://${join(root, 'dist', 'renderer', 'index.html')}`;
  result.fileUrl = await call(contents, contents.mainFrame);
  contents.mainFrame.url = pageUrl;
  return result;
}

const PERMISSIONS = [
  'media',
  'geolocation',
  'notifications',
  'clipboard-read',
  'clipboard-sanitized-write',
  'fullscreen',
  'openExternal',
  'hid',
  'serial',
  'usb',
  'fileSystem',
  'unknown',
];

async function probe(probes: { method: string; url: string }[]) {
  const window = windows[0];
  if (!window) return { events, errors, windows: 0 };
  const contents = window.webContents;
  const guards: Record<string, boolean> = {};
  for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
    let prevented = false;
    for (const listener of contents.listeners.get(name) ?? []) {
      listener({ preventDefault: () => (prevented = true) }, 'https://example.com/');
    }
    guards[name] = prevented;
  }
  const check = (contents: unknown, permission: string, origin: string) =>
    window.webContents.permissionCheck?.(contents, permission, origin, {
      requestingUrl: `${origin.replace(/\/$/, '')}/index.html`,
      isMainFrame: true,
    });
  const request = (contents: unknown, permission: string, url: string) => {
    let granted: unknown = 'no answer';
    window.webContents.permissionRequest?.(contents, permission, (answer) => (granted = answer), {
      requestingUrl: url,
      isMainFrame: true,
    });
    return granted;
  };
  const permissionChecks: Record<string, unknown> = {};
  const permissionRequests: Record<string, unknown> = {};
  for (const permission of PERMISSIONS) {
    // Electron may spell an origin with or without the trailing slash.
    permissionChecks[permission] = check(contents, permission, 'app://sectorscope');
    permissionChecks[`${permission} (app://sectorscope/)`] = check(
      contents,
      permission,
      'app://sectorscope/',
    );
    permissionRequests[permission] = request(contents, permission, APP_INDEX);
  }
  const clipboard = 'clipboard-sanitized-write';
  const fileUrl = `file://${join(root, 'dist', 'renderer', 'index.html')}`;
  const clipboardElsewhere = {
    checkOtherOrigin: check(contents, clipboard, 'https://example.com'),
    checkFileOrigin: check(contents, clipboard, 'file://'),
    checkOtherHost: check(contents, clipboard, 'app://elsewhere'),
    checkOtherContents: check(new FakeWebContents(), clipboard, 'app://sectorscope'),
    checkNoContents: check(null, clipboard, 'app://sectorscope'),
    requestOtherUrl: request(contents, clipboard, 'https://example.com/'),
    requestFileUrl: request(contents, clipboard, fileUrl),
    requestOtherContents: request(new FakeWebContents(), clipboard, APP_INDEX),
  };
  return {
    events,
    errors,
    windows: windows.length,
    isPackaged: fakeElectron.app.isPackaged,
    schemes,
    protocolHandlers: [...protocolHandlers].map(([scheme, { afterReady }]) => ({
      scheme,
      afterReady,
    })),
    loadedUrls: contents.loadedUrls,
    loadFileCalls: contents.loadFileCalls,
    webPreferences: window.options.webPreferences,
    windowOpen: contents.windowOpenHandler?.({ url: 'https://example.com/' }) ?? null,
    guards,
    permissionChecks: contents.permissionCheck ? permissionChecks : null,
    permissionRequests: contents.permissionRequest ? permissionRequests : null,
    clipboardElsewhere,
    menu: menuTemplate,
    ipc: await probeIpc(contents),
    protocol: await probeProtocol(probes),
  };
}

const reportFile = process.env.FAKE_ELECTRON_REPORT;
if (!reportFile) throw new Error('FAKE_ELECTRON_REPORT names no file for the report');
const probes = JSON.parse(process.env.FAKE_ELECTRON_PROBES ?? '[]') as {
  method: string;
  url: string;
}[];
// As a packaged app is started: the executable, then no paths (the sample disk opens).
process.argv = [join(root, 'sectorscope')];
readFileSync(distMain); // fail here, plainly, when the bundle has not been built
requireFromDist(distMain);
void Promise.race([
  menuReady,
  new Promise((resolve) => setTimeout(resolve, 10_000)), // report whatever there is by then
]).then(async () => {
  await new Promise((resolve) => setImmediate(resolve));
  writeFileSync(reportFile, JSON.stringify(await probe(probes)));
  process.exit(0);
});
