// The serve server under a hostile or careless client: malformed WebSocket frames and random
// bytes close that connection and nothing else (the built `sectorscope serve` keeps serving
// pages and other connections); a client that sends and never reads is stopped from sending
// once its answers pile up; the sessions of a connection close with it; a request whose handler
// throws is answered with an internal error and logged.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServe, type ServeProcess } from '../../../e2e/support/serve-process';
import { frame, rawWebSocket } from './helpers/raw-websocket';
import { DiskService } from '../../service/disk-service';
import { MAX_QUEUED_BYTES, MAX_REQUESTS_IN_FLIGHT } from '../client-connection';
import { startServeServer, type RunningServer } from '../serve-server';
import { call, connect, get, ok } from './helpers/ws-client';

const text = (value: string) => Buffer.from(value, 'utf8');

/** The ten kinds of malformed frame a browser never sends, and random bytes. */
const BAD_FRAMES: [string, Buffer][] = [
  ['an unmasked frame', frame(0x1, text('{"id":1}'), { masked: false })],
  ['a reserved data opcode', frame(0x3, text('x'))],
  ['a reserved control opcode', frame(0xb, text('x'))],
  ['a length of 2^63-1', frame(0x2, new Uint8Array(0), { length: 2n ** 63n - 1n })],
  ['invalid UTF-8 in a text frame', frame(0x1, Uint8Array.of(0xc3, 0x28, 0xff))],
  ['more than 64 KiB', frame(0x1, new Uint8Array(70_000).fill(0x20))],
  ['a close frame with code 999', frame(0x8, Uint8Array.of(0x03, 0xe7))],
  ['RSV1 without an extension', frame(0x1, text('{}'), { rsv: 4 })],
  ['a ping of 126 bytes', frame(0x9, new Uint8Array(126))],
  ['a fragmented ping', frame(0x9, text('x'), { fin: false })],
  ['a continuation with nothing to continue', frame(0x0, text('x'))],
  ['1 KiB of random bytes', randomBytes(1024)],
];

/** Resolves when the server has closed the connection (or after 5 s: false). */
function closedByServer(socket: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 5000);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe('serve (the built CLI) survives malformed frames and random bytes', () => {
  let dir: string;
  let serve: ServeProcess;
  let stderr = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-abuse-'));
    const image = join(dir, 'disk.img');
    writeFileSync(image, randomBytes(1024 * 1024));
    serve = await startServe([image]);
    serve.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  });
  after(async () => {
    await serve?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [what, bytes] of BAD_FRAMES) {
    test(`${what}: that connection closes, the server serves on`, async () => {
      const bystander = await connect(`${serve.url.replace('http', 'ws')}ws`, origin(serve));
      const socket = await rawWebSocket(serve.url);
      const closed = closedByServer(socket);
      socket.write(bytes);
      assert.ok(await closed, 'the server closed the connection');
      assert.equal(serve.child.exitCode, null, `serve exited:\n${stderr}`);
      const page = await get(serve.port, new URL(serve.url).pathname, `127.0.0.1:${serve.port}`);
      assert.equal(page.status, 200);
      const sources = ok(await call(bystander, 1, 'listSources', {}));
      assert.equal(sources.length, 1, 'another connection still works');
      bystander.close();
    });
  }

  test('random bytes in place of a handshake are refused, and the server serves on', async () => {
    const socket = connectTcp(serve.port, '127.0.0.1');
    const closed = closedByServer(socket);
    socket.write(randomBytes(4096));
    assert.ok(await closed);
    assert.equal(serve.child.exitCode, null);
    const page = await get(serve.port, new URL(serve.url).pathname, `127.0.0.1:${serve.port}`);
    assert.equal(page.status, 200);
  });
});

function origin(serve: { port: number }): string {
  return `http://127.0.0.1:${serve.port}`;
}

describe('serve bounds what one connection can make it hold', () => {
  let dir: string;
  let server: RunningServer;
  let service: DiskService;
  const counter = { reads: 0 };
  const logged: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-bounds-'));
    const renderer = join(dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Sectorscope</title>');
    const image = join(dir, 'disk.img');
    writeFileSync(image, randomBytes(8 * 1024 * 1024));
    // No page cache: every request is a read.
    service = new DiskService({ cacheBytes: 0 });
    const handle = service.handle.bind(service);
    service.handle = (method, params) => {
      if (method === 'readSectors') counter.reads++;
      return handle(method, params);
    };
    service.sources.add(image);
    server = await startServeServer({
      service,
      rendererRoot: renderer,
      port: 0,
      log: (line) => logged.push(line),
    });
  });
  after(async () => {
    await server?.close();
    await service?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a client that sends 2,000 reads of 1 MiB and never reads is stopped from sending', async () => {
    const socket = await rawWebSocket(server.url);
    // Learn the source id and open a session the normal way first, on a second connection.
    const helper = await connect(`${server.url.replace('http', 'ws')}ws`, origin(server));
    const [source] = ok(await call(helper, 1, 'listSources', {}));
    assert.ok(source);
    const { session } = ok(await call(helper, 2, 'open', { source: source.id }));
    socket.pause(); // never read a byte of the answers
    counter.reads = 0;
    for (let id = 1; id <= 2000; id++) {
      const lba = String(((id * 2048) % (16384 - 2048)) + 0);
      const request = JSON.stringify({
        id,
        method: 'readSectors',
        params: { session, lba, count: 2048 },
      });
      socket.write(frame(0x1, text(request)));
    }
    await sleep(2000);
    const read = counter.reads;
    // In flight, plus the answers the server queued before it stopped reading the socket, plus
    // what the kernel's socket buffers hold (a few MiB on loopback).
    const bound = MAX_REQUESTS_IN_FLIGHT + MAX_QUEUED_BYTES / (1024 * 1024) + 32;
    assert.ok(read < bound, `${read} of 2000 reads were made (at most ${bound} expected)`);
    assert.ok(read >= MAX_REQUESTS_IN_FLIGHT / 2, `${read} reads: the client was served at first`);
    socket.destroy();
    helper.close();
  });

  test("a connection's sessions close with it, descriptors included", async () => {
    // The connections of the test before have closed, their sessions with them.
    for (let wait = 0; wait < 100 && service.sessionCount > 0; wait++) await sleep(20);
    const sessionsBefore = service.sessionCount;
    assert.equal(sessionsBefore, 0, 'the sessions of closed connections are gone');
    const fdsBefore = readdirSync('/proc/self/fd').length;
    for (let page = 0; page < 5; page++) {
      const ws = await connect(`${server.url.replace('http', 'ws')}ws`, origin(server));
      const [source] = ok(await call(ws, 1, 'listSources', {}));
      assert.ok(source);
      ok(await call(ws, 2, 'open', { source: source.id }));
      ok(
        await call(ws, 3, 'readSectors', {
          session: ok(await call(ws, 4, 'open', { source: source.id })).session,
          lba: '0',
          count: 8,
        }),
      );
      assert.equal(service.sessionCount, sessionsBefore + 2);
      const gone = new Promise((resolve) => ws.once('close', resolve));
      ws.terminate();
      await gone;
      for (let wait = 0; wait < 50 && service.sessionCount > sessionsBefore; wait++)
        await sleep(20);
      assert.equal(service.sessionCount, sessionsBefore, `page ${page}: its sessions closed`);
    }
    await sleep(200);
    const fdsAfter = readdirSync('/proc/self/fd').length;
    assert.ok(fdsAfter <= fdsBefore + 2, `descriptors ${fdsBefore} -> ${fdsAfter} after 5 pages`);
  });
});

describe('a handler that throws', () => {
  test('answers that request with an internal error, logs it, and the service goes on', async () => {
    const logged: string[] = [];
    const service = new DiskService({
      openSource: async () => {
        throw new TypeError('a bug in opening');
      },
      log: (line) => logged.push(line),
    });
    const source = service.sources.add('/nonexistent/disk.img');
    const reply = await service.handle('open', { source: source.id });
    assert.deepEqual(reply, {
      ok: false,
      error: { code: 'INTERNAL', message: 'Internal error: a bug in opening' },
    });
    assert.equal(logged.length, 1);
    assert.match(
      logged[0] ?? '',
      /^sectorscope: open failed: Internal error: a bug in opening\nTypeError/,
    );
    const list = await service.handle('listSources', {});
    assert.equal(list.ok, true, 'the next request is served');
    await service.dispose();
  });
});
