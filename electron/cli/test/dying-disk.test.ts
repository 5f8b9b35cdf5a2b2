// A disk whose every read hangs (the FUSE rig answers each one only after DELAY_MS) under the
// built `sectorscope serve`, beside a healthy image: while sessions, a hash and a search of the
// dying disk wait in the kernel, the page still loads, the healthy image opens, reads and
// hashes. SIGTERM then closes the port and every connection before the stuck reads return, and
// the process ends once they have.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type WebSocket from 'ws';
import { startServe } from '../../../e2e/support/serve-process';
import {
  attachFaultyDisk,
  canUseFaultyDisk,
} from '../../../native-bridge/test/faulty-disk/faulty-disk';
import { cleanupStack, makeWorkDir } from '../../../native-bridge/test/faulty-disk/test-images';
import { call, connect, get, ok } from '../../server/test/helpers/ws-client';
import type { ServerEvent } from '../../shared/contract';
import { decodeFrame } from '../../shared/wire-frame';

const DELAY_MS = 5000;

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Resolves with the jobDone event of `job` on this connection. */
function jobDone(ws: WebSocket, job: string): Promise<ServerEvent> {
  return new Promise((resolve) => {
    ws.on('message', (data: Buffer) => {
      const { header } = decodeFrame(new Uint8Array(data));
      const event = header.event as ServerEvent | undefined;
      if (event?.type === 'jobDone' && event.job === job) resolve(event);
    });
  });
}

test(
  'a disk whose reads hang blocks only itself, and SIGTERM stops serving before they return',
  { skip: canUseFaultyDisk() ?? false, timeout: 60_000 },
  async (t) => {
    const defer = cleanupStack(t);
    const work = await makeWorkDir();
    defer(work.remove);
    const dyingImage = join(work.dir, 'dying.img');
    writeFileSync(dyingImage, randomBytes(4 * 1024 * 1024));
    const dying = await attachFaultyDisk({
      backingImage: dyingImage,
      sectorSize: 512,
      delay: { ms: DELAY_MS },
    });
    defer(dying.detach);
    const healthyImage = join(work.dir, 'healthy.img');
    const healthyBytes = randomBytes(8 * 1024 * 1024);
    writeFileSync(healthyImage, healthyBytes);

    const serve = await startServe([dying.device, healthyImage]);
    defer(() => serve.stop());
    let stderr = '';
    serve.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const wsUrl = `${serve.url.replace('http', 'ws')}ws`;
    const origin = `http://127.0.0.1:${serve.port}`;
    const sickPage = await connect(wsUrl, origin);
    defer(() => sickPage.terminate());
    const sources = ok(await call(sickPage, 1, 'listSources', {}));
    const [dyingSource, healthySource] = sources;
    assert.ok(dyingSource && healthySource);

    // Several sessions of the dying disk, each with reads stuck in the kernel, and two jobs.
    let stuckReturned = false;
    const stuck: Promise<unknown>[] = [];
    for (let i = 0; i < 3; i++) {
      const { session } = ok(await call(sickPage, 10 + i, 'open', { source: dyingSource.id }));
      stuck.push(call(sickPage, 20 + i, 'readSectors', { session, lba: String(i * 64), count: 8 }));
      if (i === 0) {
        ok(
          await call(sickPage, 30, 'startJob', {
            session,
            spec: { kind: 'hash', algorithms: ['md5'] },
          }),
        );
        ok(
          await call(sickPage, 31, 'startJob', {
            session,
            spec: { kind: 'search', pattern: { type: 'text', value: 'needle' } },
          }),
        );
      }
    }
    void Promise.all(stuck).then(() => (stuckReturned = true));
    await sleep(300);

    // Meanwhile everything else goes on.
    const page = await get(serve.port, new URL(serve.url).pathname, `127.0.0.1:${serve.port}`);
    assert.equal(page.status, 200, 'the page loads');
    const healthyPage = await connect(wsUrl, origin);
    defer(() => healthyPage.terminate());
    const { session } = ok(await call(healthyPage, 1, 'open', { source: healthySource.id }));
    const read = ok(await call(healthyPage, 2, 'readSectors', { session, lba: '2048', count: 16 }));
    assert.deepEqual(Buffer.from(read.data), healthyBytes.subarray(2048 * 512, 2064 * 512));
    const started = ok(
      await call(healthyPage, 3, 'startJob', {
        session,
        spec: { kind: 'hash', algorithms: ['sha256'] },
      }),
    );
    assert.ok(started);
    const done = await jobDone(healthyPage, started.job);
    assert.equal(done.type === 'jobDone' && done.status, 'done');
    const sha256 = execFileSync('sha256sum', [healthyImage], { encoding: 'utf8' }).split(' ')[0];
    assert.equal(
      done.type === 'jobDone' && done.result?.kind === 'hash' && done.result.digests.sha256,
      sha256,
    );
    assert.equal(stuckReturned, false, 'all of that happened while the dying disk kept its reads');

    // SIGTERM: the port and every connection close while the stuck reads are still in the kernel.
    const sickClosed = new Promise((resolve) => sickPage.once('close', resolve));
    const exited = new Promise<number | null>((resolve) => serve.child.once('exit', resolve));
    const signalled = performance.now();
    serve.child.kill('SIGTERM');
    for (let wait = 0; wait < 200 && !stderr.includes('the port is closed'); wait++)
      await sleep(25);
    t.diagnostic(`port closed ${Math.round(performance.now() - signalled)} ms after SIGTERM`);
    assert.match(stderr, /stopped serving; the port is closed/);
    assert.ok(await portRefuses(serve.port), 'nothing listens on the port any more');
    await sickClosed;
    assert.equal(serve.child.exitCode, null, 'the process waits for the reads in the kernel');
    assert.match(stderr, /read\(s\) of a disk that does not answer are still in the kernel/);
    assert.equal(await exited, 0, 'and ends once they return');
    t.diagnostic(`the process ended ${Math.round(performance.now() - signalled)} ms after SIGTERM`);
  },
);
