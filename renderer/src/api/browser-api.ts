import type {
  DiskApi,
  MethodName,
  Params,
  Result,
  ServerEvent,
  WireReply,
} from '../../../electron/shared/contract';
import { decodeFrame, decodeReply } from '../../../electron/shared/wire-frame';
import { ConnectionLostError } from './connection-lost';
import { backoffMs, type ConnectionStatus } from './connection-status';
import { unwrapReply } from './reply';

interface Pending {
  resolve: (reply: WireReply<unknown>) => void;
  reject: (error: Error) => void;
}

/**
 * The browser-mode transport: one WebSocket to the `serve` process that served this page. When
 * it closes, every call waiting for an answer fails with ConnectionLostError, and the socket is
 * opened again with backoff. Before each try the page's own URL is asked for: a refusal (403)
 * means a server that does not know this page's token, i.e. a restarted `serve`; then it stops.
 */
export function createBrowserApi(
  socketUrl: string,
  pageUrl: string,
  status: ConnectionStatus,
): DiskApi {
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: ServerEvent) => void>();
  let nextId = 1;
  let attempt = 0;
  let everOpened = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let socket: WebSocket;
  let opened: Promise<void>;

  const lost = (reason: string) =>
    new ConnectionLostError(
      `Lost the connection to the Sectorscope server (${reason}). Is \`sectorscope serve\` still running?`,
    );

  const open = () => {
    const current = new WebSocket(socketUrl);
    current.binaryType = 'arraybuffer';
    socket = current;
    opened = new Promise<void>((resolve, reject) => {
      current.addEventListener('open', () => resolve(), { once: true });
      current.addEventListener('close', () => reject(lost('could not connect')), { once: true });
    });
    // Only calls made before the first connection wait on it; they handle its failure.
    opened.catch(() => undefined);
    current.addEventListener('open', () => {
      everOpened = true;
      attempt = 0;
      status.set({ kind: 'connected' });
    });
    current.addEventListener('close', (event) => {
      const reason = event.reason || (everOpened ? 'the connection closed' : 'could not connect');
      for (const { reject } of pending.values()) reject(lost(reason));
      pending.clear();
      scheduleTry(reason);
    });
    current.addEventListener('message', (message) => {
      if (!(message.data instanceof ArrayBuffer)) return;
      const { header, payload } = decodeFrame(new Uint8Array(message.data));
      if (header.event) {
        for (const listener of listeners) listener(header.event as ServerEvent);
        return;
      }
      if (header.id === undefined) return;
      const waiter = pending.get(header.id);
      pending.delete(header.id);
      waiter?.resolve(decodeReply(header, payload) as WireReply<unknown>);
    });
  };

  const scheduleTry = (reason: string) => {
    clearTimeout(retryTimer);
    const delay = backoffMs(attempt++);
    status.set({ kind: 'lost', reason, retryAt: Date.now() + delay });
    retryTimer = setTimeout(() => void tryAgain(reason), delay);
  };

  const tryAgain = async (reason: string) => {
    clearTimeout(retryTimer);
    status.set({ kind: 'lost', reason, retryAt: null });
    try {
      const answer = await fetch(pageUrl, { method: 'HEAD', cache: 'no-store' });
      if (answer.status === 403) return status.set({ kind: 'replaced' });
      if (!answer.ok) return scheduleTry(`the server answered ${answer.status}`);
    } catch {
      return scheduleTry('the server does not answer');
    }
    open();
  };
  status.setRetry(() => {
    if (status.getSnapshot().kind === 'lost') void tryAgain('retrying');
  });
  open();

  return {
    transport: 'browser',
    async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      // Send at once when connected: awaiting even a settled promise would let React's
      // synchronous render of the same event run first and delay the request by a frame.
      if (socket.readyState !== WebSocket.OPEN) {
        // Before the first connection, calls wait for it; once lost, they fail at once (what
        // they asked for shows as not loaded) and the view reloads when it is back.
        if (everOpened) throw lost('reconnecting');
        await opened;
      }
      const id = nextId++;
      const reply = new Promise<WireReply<unknown>>((resolve, reject) =>
        pending.set(id, { resolve, reject }),
      );
      socket.send(JSON.stringify({ id, method, params }));
      return unwrapReply((await reply) as WireReply<Result<M>>);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
