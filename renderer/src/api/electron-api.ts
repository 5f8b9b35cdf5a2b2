import type {
  DiskApi,
  MethodName,
  Params,
  Result,
  ServerEvent,
  WireReply,
} from '../../../electron/shared/contract';
import { ConnectionLostError } from './connection-lost';
import { backoffMs, type ConnectionStatus } from './connection-status';
import { unwrapReply } from './reply';

/** What electron/preload exposes through contextBridge as window.sectorscope. */
export interface PreloadBridge {
  call(method: string, params: unknown): Promise<WireReply<unknown>>;
  onEvent(listener: (event: ServerEvent) => void): () => void;
}

/**
 * The Electron transport. The service answers every call with a reply, errors included; a call
 * that rejects instead means the service itself failed (its IPC handler threw or is gone). Then
 * the connection counts as lost and is checked again with backoff until a call goes through.
 */
export function createElectronApi(bridge: PreloadBridge, status: ConnectionStatus): DiskApi {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const check = async () => {
    clearTimeout(timer);
    const state = status.getSnapshot();
    const reason = state.kind === 'lost' ? state.reason : 'the service failed';
    status.set({ kind: 'lost', reason, retryAt: null });
    try {
      await bridge.call('listSources', {});
      attempt = 0;
      status.set({ kind: 'connected' });
    } catch {
      schedule(reason);
    }
  };
  const schedule = (reason: string) => {
    clearTimeout(timer);
    const delay = backoffMs(attempt++);
    status.set({ kind: 'lost', reason, retryAt: Date.now() + delay });
    timer = setTimeout(() => void check(), delay);
  };
  status.setRetry(() => {
    if (status.getSnapshot().kind === 'lost') void check();
  });

  return {
    transport: 'electron',
    async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      let reply: WireReply<unknown>;
      try {
        reply = await bridge.call(method, params);
      } catch (failure) {
        const reason = `the service failed: ${(failure as Error).message}`;
        if (status.getSnapshot().kind === 'connected') schedule(reason);
        throw new ConnectionLostError(`The Sectorscope service did not answer (${reason}).`);
      }
      return unwrapReply(reply as WireReply<Result<M>>);
    },
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
