import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DiskService } from '../../service/disk-service';
import { startServeServer, type RunningServer } from '../serve-server';
import { call, connect, errorCode, get, ok } from './helpers/ws-client';

describe('serve: loopback HTTP + WebSocket transport', () => {
  let dir: string;
  let image: Buffer;
  let imagePath: string;
  let server: RunningServer;
  let service: DiskService;
  let host: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-serve-'));
    const renderer = join(dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Sectorscope</title>');
    writeFileSync(join(dir, 'secret.html'), 'outside the renderer folder');
    imagePath = join(dir, 'disk.img');
    image = randomBytes(1024 * 1024);
    writeFileSync(imagePath, image);
    service = new DiskService({});
    service.sources.add(imagePath);
    server = await startServeServer({ service, rendererRoot: renderer, port: 0 });
    host = `127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server?.close();
    await service?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('listens on 127.0.0.1 only and prints a tokened URL', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/);
  });

  test('serves the page only with the token and the printed Host', async () => {
    const prefix = `/${server.token}/`;
    assert.equal((await get(server.port, prefix, host)).status, 200);
    assert.match((await get(server.port, prefix, host)).body, /Sectorscope/);
    assert.equal((await get(server.port, '/', host)).status, 403);
    assert.equal((await get(server.port, '/index.html', host)).status, 403);
    assert.equal((await get(server.port, `/${'x'.repeat(32)}/`, host)).status, 403);
    assert.equal((await get(server.port, `/${server.token}x/`, host)).status, 403);
    const byName = await get(server.port, prefix, `localhost:${server.port}`);
    assert.equal(byName.status, 403);
    assert.match(byName.body, new RegExp(`http://127\\.0\\.0\\.1:${server.port}/`));
    assert.match(byName.body, /copy that whole URL/);
    assert.ok(!byName.body.includes(server.token), 'the page never shows the token');
    assert.equal((await get(server.port, prefix, 'attacker.example')).status, 403);
    assert.equal((await get(server.port, `${prefix}..%2Fsecret.html`, host)).status, 404);
    assert.equal((await get(server.port, `${prefix}../secret.html`, host)).status, 404);
  });

  test('refuses WebSocket connections without the token, Host or Origin', async () => {
    const base = `ws://${host}`;
    const origin = `http://${host}`;
    await assert.rejects(connect(`${base}/ws`, origin), /403/);
    await assert.rejects(connect(`${base}/${'y'.repeat(32)}/ws`, origin), /403/);
    await assert.rejects(connect(`${base}/${server.token}/ws`, 'http://evil.example'), /403/);
    await assert.rejects(
      connect(`${base}/${server.token}/ws`, origin, `localhost:${server.port}`),
      /403/,
    );
    const ok = await connect(`${base}/${server.token}/ws`, origin);
    ok.close();
  });

  test('carries the contract: only the given path, exact bytes, validation errors', async () => {
    const socket = await connect(`ws://${host}/${server.token}/ws`, `http://${host}`);
    try {
      const sources = ok(await call(socket, 1, 'listSources', {}));
      assert.deepEqual(
        sources.map((source) => source.path),
        [imagePath],
      );
      const opened = ok(await call(socket, 2, 'open', { source: sources[0]?.id }));
      assert.equal(opened.geometry.size, String(image.length));
      const read = { session: opened.session, lba: '100', count: 64 };
      const page = ok(await call(socket, 3, 'readSectors', read));
      assert.ok(Buffer.from(page.data).equals(image.subarray(100 * 512, 164 * 512)));
      const bad = { session: opened.session, lba: '-3', count: 1 };
      assert.equal(errorCode(await call(socket, 4, 'readSectors', bad)), 'INVALID_ARGUMENT');
      const byPath = await call(socket, 5, 'open', { path: '/etc/shadow' });
      assert.equal(errorCode(byPath), 'INVALID_ARGUMENT');
      assert.equal(errorCode(await call(socket, 6, 'chooseSource', {})), 'UNSUPPORTED');
    } finally {
      socket.close();
    }
  });

  test('a malformed message closes that connection only', async () => {
    const socket = await connect(`ws://${host}/${server.token}/ws`, `http://${host}`);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('not json');
    assert.equal(await closed, 1008);
    const again = await connect(`ws://${host}/${server.token}/ws`, `http://${host}`);
    ok(await call(again, 1, 'listSources', {}));
    again.close();
  });
});
