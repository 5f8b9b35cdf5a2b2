import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { APP_INDEX_URL, lookUpAppFile, respondWithAppFile } from '../app-files';

const SECRET = 'outside the renderer';

describe('app:// serves the built renderer and nothing else', () => {
  let dist: string;
  let renderer: string;

  before(() => {
    dist = mkdtempSync(join(tmpdir(), 'sectorscope-app-files-'));
    renderer = join(dist, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    mkdirSync(join(renderer, 'folder.html'));
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Sectorscope</title>');
    writeFileSync(join(renderer, 'assets', 'index-1.js'), 'console.log(1);');
    writeFileSync(join(renderer, 'assets', 'index-1.css'), 'body{}');
    writeFileSync(join(renderer, 'favicon.svg'), '<svg/>');
    writeFileSync(join(renderer, 'notes.txt'), 'not a renderer type');
    // Beside the renderer, as dist/main.cjs and dist/preload.cjs are; and a folder whose name
    // starts like the renderer's, which a string prefix check would let through.
    writeFileSync(join(dist, 'secret.html'), SECRET);
    mkdirSync(join(dist, 'renderer-other'));
    writeFileSync(join(dist, 'renderer-other', 'index.html'), SECRET);
  });
  after(() => rmSync(dist, { recursive: true, force: true }));

  const get = (path: string, method = 'GET') =>
    respondWithAppFile(renderer, new Request(`app://sectorscope${path}`, { method }));

  test('index.html, scripts, styles and icons come with their types', async () => {
    for (const [path, type, body] of [
      ['/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Sectorscope</title>'],
      ['/', 'text/html; charset=utf-8', '<!doctype html><title>Sectorscope</title>'],
      ['/assets/index-1.js', 'text/javascript; charset=utf-8', 'console.log(1);'],
      ['/assets/index-1.css', 'text/css; charset=utf-8', 'body{}'],
      ['/favicon.svg', 'image/svg+xml', '<svg/>'],
    ] as const) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), type, path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(await response.text(), body, path);
    }
    assert.equal(APP_INDEX_URL, 'app://sectorscope/index.html');
  });

  test('the page gets a Content-Security-Policy header as strict as its meta tag', async () => {
    const csp = (await get('/index.html')).headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  test('HEAD has no body; other methods are refused', async () => {
    const head = await get('/index.html', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      assert.equal((await get('/index.html', method)).status, 405, method);
    }
  });

  test('nothing outside the renderer, whatever the path spells', async () => {
    for (const path of [
      '/..%2fsecret.html',
      '/assets/..%2f..%2fsecret.html',
      '/%2e%2e%2fsecret.html',
      '/..%5csecret.html',
      '/..%2frenderer-other%2findex.html',
      '/%2e%2e/secret.html', // the URL parser folds this one to /secret.html
      '/../renderer-other/index.html',
      '/%2fsecret.html',
      `/${encodeURIComponent(join(dist, 'secret.html'))}`,
      '/index.html%00.svg',
      '/%E0%A4%A', // does not decode
    ]) {
      const response = await get(path);
      assert.ok(response.status === 400 || response.status === 404, `${path}: ${response.status}`);
      assert.notEqual(await response.text(), SECRET, path);
    }
  });

  test('another host, an unknown type, a folder or a missing file are refused', async () => {
    const other = await respondWithAppFile(renderer, new Request('app://elsewhere/index.html'));
    assert.equal(other.status, 404);
    assert.equal((await get('/notes.txt')).status, 404);
    assert.equal((await get('/folder.html')).status, 404);
    assert.equal((await get('/missing.js')).status, 404);
  });

  test('no combination of dot segments and encoded separators resolves outside', () => {
    const parts = ['..', '.', '%2e%2e', '%2E.', '.%2e', '%2e', 'a', '%2f', '%5c', '..%2f', '%2f..'];
    let checked = 0;
    for (const a of parts) {
      for (const b of parts) {
        for (const c of parts) {
          const lookup = lookUpAppFile(renderer, 'GET', `app://sectorscope/${a}/${b}${c}/x.html`);
          checked++;
          if ('refused' in lookup) continue;
          const inside = relative(renderer, lookup.file);
          assert.ok(
            !inside.startsWith('..') && !inside.startsWith(sep),
            `${a}/${b}${c}: ${lookup.file}`,
          );
        }
      }
    }
    assert.equal(checked, parts.length ** 3);
  });
});
