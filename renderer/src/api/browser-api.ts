import {
  SectorscopeError,
  type DiskApi,
  type MethodName,
  type Params,
  type Result,
  type ServerEvent,
  type WireReply,
} from '../../../electron/shared/contract';
import { decodeFrame, decodeReply } from '../../../electron/shared/wire-frame';
import { unwrapReply } from './reply';

interface Pending {
  resolve: (reply: WireReply<unknown>) => void;
  reject: (error: Error) => void;
}

/** The browser-mode transport: one WebSocket to the `serve` process that served this page. */
export function createBrowserApi(socketUrl: string): DiskApi {
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: ServerEvent) => void>();
  let nextId = 1;
  let closedReason: string | null = null;

  const socket = new WebSocket(socketUrl);
  socket.binaryType = 'arraybuffer';
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(disconnected('could not connect')), {
      once: true,
    });
  });
  socket.addEventListener('close', (event) => {
    closedReason = event.reason || 'the connection closed';
    for (const { reject } of pending.values()) reject(disconnected(closedReason));
    pending.clear();
  });
  socket.addEventListener('message', (message) => {
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

  return {
    transport: 'browser',
    async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      // Send at once when connected: awaiting even a settled promise would let React's
      // synchronous render of the same event run first and delay the request by a frame.
      if (socket.readyState !== WebSocket.OPEN) await opened;
      if (closedReason !== null) throw disconnected(closedReason);
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

function disconnected(reason: string): SectorscopeError {
  return new SectorscopeError(
    'IO',
    `Lost the connection to the Sectorscope server (${reason}). Is \`sectorscope serve\` still running?`,
  );
}
