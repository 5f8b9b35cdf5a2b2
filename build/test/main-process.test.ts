// The Electron main process's hardening, checked on the built dist/main.cjs without an Electron
// binary (none can be downloaded here): support/fake-electron-main.ts loads the bundle with a
// stand-in `electron` module, records what it asks of Electron and exercises what it set up.
// Needs `npm run build` first (npm test builds before testing).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

const root = join(__dirname, '..', '..');
const dist = join(root, 'dist');
const INDEX_URL = 'app://sectorscope/index.html';

interface ProtocolProbe {
  method: string;
  url: string;
  status: number;
  contentType: string | null;
  csp: string | null;
  body: string;
}

interface MenuItem {
  label?: string;
  role?: string;
  submenu?: MenuItem[];
}

interface Report {
  events: string[];
  errors: string[];
  windows: number;
  isPackaged: boolean;
  schemes: { scheme: string; privileges: Record<string, boolean>; beforeReady: boolean }[];
  protocolHandlers: { scheme: string; afterReady: boolean }[];
  loadedUrls: string[];
  loadFileCalls: number;
  webPreferences: Record<string, unknown>;
  windowOpen: unknown;
  guards: Record<string, boolean>;
  permissionChecks: Record<string, unknown> | null;
  permissionRequests: Record<string, unknown> | null;
  clipboardElsewhere: Record<string, unknown>;
  menu: MenuItem[];
  ipc: Record<string, string> | null;
  protocol: ProtocolProbe[] | null;
}

function runMain(options: { packaged: boolean; devToolsEnv?: string }, probes = []): Report {
  const work = mkdtempSync(join(tmpdir(), 'sectorscope-main-'));
  const reportFile = join(work, 'report.json');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FAKE_ELECTRON_REPORT: reportFile,
    FAKE_ELECTRON_PROBES: JSON.stringify(probes),
  };
  delete env.SECTORSCOPE_DEVTOOLS;
  delete env.FAKE_ELECTRON_PACKAGED;
  if (options.packaged) env.FAKE_ELECTRON_PACKAGED = '1';
  if (options.devToolsEnv !== undefined) env.SECTORSCOPE_DEVTOOLS = options.devToolsEnv;
  let report: Report;
  try {
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'support', 'fake-electron-main.ts')],
      { cwd: root, env, stdio: 'pipe', timeout: 60_000 },
    );
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  assert.deepEqual(report.errors, [], 'the main process started without an error');
  assert.equal(report.windows, 1, 'one window');
  return report;
}

function menuRoles(items: MenuItem[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role.toLowerCase()] : []),
    ...menuRoles(item.submenu ?? []),
  ]);
}

const asset = (html: string, pattern: RegExp) => {
  const match = pattern.exec(html);
  assert.ok(match?.[1], `index.html names ${pattern}`);
  return match[1].replace(/^\.\//, '');
};

describe('the Electron main process (dist/main.cjs with a stand-in electron)', () => {
  let packaged: Report;
  let indexHtml: string;
  let script: string;
  let style: string;

  before(() => {
    assert.ok(existsSync(join(dist, 'main.cjs')), 'dist/main.cjs exists (run npm run build)');
    indexHtml = readFileSync(join(dist, 'renderer', 'index.html'), 'utf8');
    script = asset(indexHtml, /<script[^>]*src="([^"]+\.js)"/);
    style = asset(indexHtml, /<link[^>]*rel="stylesheet"[^>]*href="([^"]+\.css)"/);
    const probes = [
      ['GET', INDEX_URL],
      ['GET', 'app://sectorscope/'],
      ['GET', `app://sectorscope/${script}`],
      ['GET', `app://sectorscope/${style}`],
      ['GET', 'app://sectorscope/favicon.svg'],
      ['HEAD', INDEX_URL],
      ['POST', INDEX_URL],
      // dist/main.cjs and dist/preload.cjs sit right beside dist/renderer.
      ['GET', 'app://sectorscope/..%2fmain.cjs'],
      ['GET', 'app://sectorscope/..%2fpreload.cjs'],
      ['GET', 'app://sectorscope/assets/..%2f..%2fmain.cjs'],
      ['GET', 'app://sectorscope/%2e%2e%2fmain.cjs'],
      ['GET', 'app://sectorscope/..%5cmain.cjs'],
      ['GET', 'app://sectorscope/../main.cjs'],
      ['GET', `app://sectorscope/${encodeURIComponent(join(dist, 'main.cjs'))}`],
      ['GET', 'app://elsewhere/index.html'],
    ].map(([method, url]) => ({ method, url }));
    packaged = runMain({ packaged: true }, probes as never);
  });

  test('app:// is registered as a standard secure scheme before ready and served after', () => {
    assert.deepEqual(packaged.schemes, [
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true },
        beforeReady: true,
      },
    ]);
    assert.deepEqual(packaged.protocolHandlers, [{ scheme: 'app', afterReady: true }]);
  });

  test('the window loads app://sectorscope/index.html, never a file:// URL', () => {
    assert.deepEqual(packaged.loadedUrls, [INDEX_URL]);
    assert.equal(packaged.loadFileCalls, 0, 'BrowserWindow.loadFile is never called');
    // Nor does the main process's source build a file:// URL anywhere.
    for (const name of readdirSync(join(root, 'electron', 'main'))) {
      if (!name.endsWith('.ts')) continue;
      const source = readFileSync(join(root, 'electron', 'main', name), 'utf8');
      assert.doesNotMatch(source, /pathToFileURL|loadFile\(|['"`]file:/, name);
    }
  });

  test('app:// serves dist/renderer with the right types and nothing else', () => {
    const byKey = new Map(packaged.protocol?.map((p) => [`${p.method} ${p.url}`, p]));
    const expectFile = (key: string, file: string, type: string) => {
      const probe = byKey.get(key);
      assert.ok(probe, key);
      assert.equal(probe.status, 200, key);
      assert.equal(probe.contentType, type, key);
      assert.deepEqual(
        Buffer.from(probe.body, 'base64'),
        readFileSync(join(dist, 'renderer', file)),
        key,
      );
    };
    expectFile(`GET ${INDEX_URL}`, 'index.html', 'text/html; charset=utf-8');
    expectFile('GET app://sectorscope/', 'index.html', 'text/html; charset=utf-8');
    expectFile(`GET app://sectorscope/${script}`, script, 'text/javascript; charset=utf-8');
    expectFile(`GET app://sectorscope/${style}`, style, 'text/css; charset=utf-8');
    expectFile('GET app://sectorscope/favicon.svg', 'favicon.svg', 'image/svg+xml');
    assert.match(byKey.get(`GET ${INDEX_URL}`)?.csp ?? '', /default-src 'none'/);
    assert.equal(byKey.get(`HEAD ${INDEX_URL}`)?.status, 200);
    assert.equal(byKey.get(`HEAD ${INDEX_URL}`)?.body, '');
    assert.equal(byKey.get(`POST ${INDEX_URL}`)?.status, 405);

    const mainCjs = readFileSync(join(dist, 'main.cjs')).toString('base64');
    const preloadCjs = readFileSync(join(dist, 'preload.cjs')).toString('base64');
    const refused = packaged.protocol?.filter((p) =>
      /main\.cjs|preload\.cjs|elsewhere/.test(p.url),
    );
    assert.equal(refused?.length, 8);
    for (const probe of refused ?? []) {
      assert.ok(probe.status === 400 || probe.status === 404, `${probe.url}: ${probe.status}`);
      assert.notEqual(probe.body, mainCjs, probe.url);
      assert.notEqual(probe.body, preloadCjs, probe.url);
    }
  });

  test('the CSP of index.html allows its own scripts and styles under app://', () => {
    // Vite builds with base './': the page names its assets relatively, so under
    // app://sectorscope/ they are same-origin ('self'), as the meta tag's policy requires.
    assert.match(indexHtml, /script-src 'self'/);
    assert.match(indexHtml, /src="\.\/assets\//);
    assert.doesNotMatch(indexHtml, /src="(https?:|file:|\/\/)/);
  });

  test('every permission is denied, but writing to the clipboard from our own page', () => {
    assert.ok(packaged.permissionChecks, 'a permission check handler is set');
    assert.ok(packaged.permissionRequests, 'a permission request handler is set');
    const granted = (answers: Record<string, unknown>) =>
      Object.entries(answers)
        .filter(([, answer]) => answer !== false)
        .map(([permission, answer]) => `${permission}: ${String(answer)}`);
    // navigator.clipboard.writeText (the Copy actions) needs clipboard-sanitized-write.
    assert.deepEqual(granted(packaged.permissionChecks), [
      'clipboard-sanitized-write: true',
      'clipboard-sanitized-write (app://sectorscope/): true',
    ]);
    assert.deepEqual(granted(packaged.permissionRequests), ['clipboard-sanitized-write: true']);
    assert.equal(Object.keys(packaged.permissionChecks).length, 24);
    assert.equal(packaged.permissionChecks['clipboard-read'], false);
    // Not to another page, another window, or the page as file:// once showed it.
    assert.deepEqual(granted(packaged.clipboardElsewhere), []);
    assert.equal(Object.keys(packaged.clipboardElsewhere).length, 8);
  });

  test('isolation, sandbox and the navigation guards stay on', () => {
    assert.equal(packaged.events[0], 'app.enableSandbox');
    assert.equal(packaged.webPreferences.contextIsolation, true);
    assert.equal(packaged.webPreferences.sandbox, true);
    assert.equal(packaged.webPreferences.nodeIntegration, false);
    assert.equal(packaged.webPreferences.nodeIntegrationInWorker, false);
    assert.equal(packaged.webPreferences.webSecurity, true);
    assert.equal(packaged.webPreferences.preload, join(dist, 'preload.cjs'));
    assert.deepEqual(packaged.windowOpen, { action: 'deny' });
    assert.deepEqual(packaged.guards, {
      'will-navigate': true,
      'will-redirect': true,
      'will-attach-webview': true,
    });
  });

  test('IPC is served only to the main frame of the window showing app://sectorscope/', () => {
    assert.ok(packaged.ipc, 'the IPC transport is registered');
    // The trusted frame reaches the service (which refuses the unknown method itself).
    assert.equal(packaged.ipc.mainFrame, 'Unknown method "noSuchMethod".');
    assert.equal(packaged.ipc.subFrame, 'Refused: unknown sender.');
    assert.equal(packaged.ipc.otherContents, 'Refused: unknown sender.');
    assert.equal(packaged.ipc.fileUrl, 'Refused: unknown sender.', 'file:// is no longer trusted');
  });

  test('a packaged app has no DevTools: none in the menu, none in webPreferences', () => {
    assert.equal(packaged.isPackaged, true);
    assert.equal(packaged.webPreferences.devTools, false);
    assert.ok(!menuRoles(packaged.menu).includes('toggledevtools'), 'no Toggle DevTools');
    assert.ok(menuRoles(packaged.menu).includes('quit'), 'the menu itself is there');
    // Only exactly 1 turns them on.
    const other = runMain({ packaged: true, devToolsEnv: 'yes' });
    assert.equal(other.webPreferences.devTools, false);
    assert.ok(!menuRoles(other.menu).includes('toggledevtools'));
  });

  test('File has New Case, Open Case, Recent Cases and Close Case (disabled with no case)', () => {
    const file = packaged.menu.find((item) => item.label === 'File');
    const items = (file?.submenu ?? []) as (MenuItem & { enabled?: boolean })[];
    assert.deepEqual(items.map((item) => item.label ?? item.role).filter(Boolean), [
      'Open Disk or Image…',
      'Open Device…',
      'New Case…',
      'Open Case…',
      'Recent Cases',
      'Close Case',
      'quit',
    ]);
    const recent = items.find((item) => item.label === 'Recent Cases');
    assert.deepEqual(
      recent?.submenu?.map((item) => item.label),
      ['No Recent Cases'],
    );
    assert.equal(items.find((item) => item.label === 'Close Case')?.enabled, false);
  });

  test('DevTools in development, or in a packaged app with SECTORSCOPE_DEVTOOLS=1', () => {
    for (const report of [
      runMain({ packaged: false }),
      runMain({ packaged: true, devToolsEnv: '1' }),
    ]) {
      assert.equal(report.webPreferences.devTools, true);
      assert.ok(menuRoles(report.menu).includes('toggledevtools'));
      assert.deepEqual(report.loadedUrls, [INDEX_URL]);
    }
  });
});
