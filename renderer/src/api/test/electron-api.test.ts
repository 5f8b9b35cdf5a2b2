import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerEvent, WireReply } from '../../../../electron/shared/contract';
import { ConnectionLostError } from '../connection-lost';
import { ConnectionStatus } from '../connection-status';
import { createElectronApi, type PreloadBridge } from '../electron-api';

/** A preload bridge whose calls fail while `failing` (the IPC handler throwing or gone). */
class FlakyBridge implements PreloadBridge {
  failing = false;
  calls: string[] = [];
  call(method: string): Promise<WireReply<unknown>> {
    this.calls.push(method);
    if (this.failing) return Promise.reject(new Error("No handler registered for 'call'"));
    return Promise.resolve({ ok: true, value: [] });
  }
  onEvent(_listener: (event: ServerEvent) => void): () => void {
    return () => undefined;
  }
}

test('a call the service does not answer is a lost connection, checked again until it answers', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const bridge = new FlakyBridge();
  const status = new ConnectionStatus();
  let reconnected = 0;
  status.onReconnect(() => reconnected++);
  const api = createElectronApi(bridge, status);

  bridge.failing = true;
  await assert.rejects(
    api.call('listSources', {}),
    (error) => error instanceof ConnectionLostError,
  );
  const lost = status.getSnapshot();
  assert.equal(lost.kind, 'lost');
  assert.match(lost.kind === 'lost' ? lost.reason : '', /No handler registered/);

  // The first check after 0.5 s fails too; the next one, 1 s later, goes through.
  bridge.calls = [];
  t.mock.timers.tick(500);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(bridge.calls, ['listSources']);
  assert.equal(status.getSnapshot().kind, 'lost');
  bridge.failing = false;
  t.mock.timers.tick(1000);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(status.getSnapshot().kind, 'connected');
  assert.equal(reconnected, 1, 'the view is told, to reopen its disk');
});

test('an error the service answers with is no lost connection', async () => {
  const status = new ConnectionStatus();
  const bridge: PreloadBridge = {
    call: () =>
      Promise.resolve({ ok: false, error: { code: 'GONE', message: 'The disk went away.' } }),
    onEvent: () => () => undefined,
  };
  const api = createElectronApi(bridge, status);
  await assert.rejects(
    api.call('readSectors', { session: 's', lba: '0', count: 1 }),
    (error) =>
      !(error instanceof ConnectionLostError) && /went away/.test((error as Error).message),
  );
  assert.equal(status.getSnapshot().kind, 'connected');
});
