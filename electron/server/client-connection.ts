// One browser connection (a WebSocket): its requests go to the service, its replies and the
// service's events go back, and what it can make the server hold is bounded. At most
// MAX_REQUESTS_IN_FLIGHT requests are served at once, and none while MAX_QUEUED_BYTES of answers
// wait for the client to read them; the rest wait as the small JSON they arrived as (a read's
// buffer is taken only when it starts), and the socket is paused so that no more arrive. A
// client that never reads while events keep coming is closed at MAX_BUFFERED_BYTES. Errors of
// the connection (a malformed frame) close that connection and nothing else, and its sessions
// close with it.

import type { RawData, WebSocket } from 'ws';
import type { DiskService } from '../service/disk-service';
import { encodeFrameParts, encodeReplyParts, type CallRequest } from '../shared/wire-frame';

/** Requests of one connection being served at once; more wait in the socket. */
export const MAX_REQUESTS_IN_FLIGHT = 32;

/** Bytes sent but not yet taken by the kernel beyond which the connection stops reading. */
export const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

/** Bytes waiting for a client that does not read, beyond which it is disconnected. */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * Bytes of requests received but not started. The socket is paused as soon as any wait, so only
 * what had already arrived can pile up here; more means a client that ignores flow control.
 */
export const MAX_WAITING_REQUEST_BYTES = 4 * 1024 * 1024;

export interface ConnectionOptions {
  log: (line: string) => void;
}

export function attachConnection(
  ws: WebSocket,
  service: DiskService,
  { log }: ConnectionOptions,
): void {
  const client = service.connect();
  const waiting: { request: CallRequest; bytes: number }[] = [];
  let waitingBytes = 0;
  let inFlight = 0;
  let queuedBytes = 0;

  const canStart = () => inFlight < MAX_REQUESTS_IN_FLIGHT && queuedBytes < MAX_QUEUED_BYTES;
  /** Starts what may start, and pauses the socket while anything has to wait. */
  const throttle = () => {
    while (waiting.length > 0 && canStart()) {
      const next = waiting.shift() as (typeof waiting)[number];
      waitingBytes -= next.bytes;
      serve(next.request);
    }
    const full = waiting.length > 0 || !canStart();
    if (full && !ws.isPaused) ws.pause();
    else if (!full && ws.isPaused) ws.resume();
  };
  /** Sends one message: a frame's header, and its payload (sector bytes) as a second fragment. */
  const send = ([head, payload]: [Uint8Array, Uint8Array?]) => {
    if (ws.readyState !== ws.OPEN) return;
    const bytes = head.byteLength + (payload?.byteLength ?? 0);
    if (queuedBytes + bytes > MAX_BUFFERED_BYTES) {
      log(
        `sectorscope: a browser connection stopped reading (${queuedBytes} bytes waiting for ` +
          'it); closed it.',
      );
      ws.terminate();
      return;
    }
    queuedBytes += bytes;
    const sent = () => {
      queuedBytes -= bytes;
      throttle();
    };
    if (!payload) {
      ws.send(head, sent);
      return;
    }
    ws.send(head, { binary: true, fin: false });
    ws.send(payload, { binary: true, fin: true }, sent);
  };
  const serve = (request: CallRequest) => {
    inFlight++;
    void client.handle(request.method, request.params).then((reply) => {
      inFlight--;
      send(encodeReplyParts(request.id, reply));
      throttle();
    });
  };

  const unsubscribe = service.onEvent((event) => send(encodeFrameParts({ event })));
  ws.on('error', (error) => {
    // ws closes the connection with the matching code (1002, 1007, 1009...) itself.
    log(`sectorscope: closed a browser connection that sent a bad frame: ${error.message}`);
  });
  ws.on('close', () => {
    unsubscribe();
    void client.close();
  });
  ws.on('message', (raw: RawData, isBinary: boolean) => {
    const request = parseRequest(raw, isBinary);
    if (!request) {
      ws.close(1008, 'Malformed request');
      return;
    }
    const bytes = rawLength(raw);
    if (waitingBytes + bytes > MAX_WAITING_REQUEST_BYTES) {
      log('sectorscope: closed a browser connection that kept sending while paused.');
      ws.close(1008, 'Too many requests');
      return;
    }
    waiting.push({ request, bytes });
    waitingBytes += bytes;
    throttle();
  });
}

function rawLength(raw: RawData): number {
  if (Array.isArray(raw)) return raw.reduce((sum, part) => sum + part.byteLength, 0);
  return raw.byteLength;
}

function parseRequest(raw: RawData, isBinary: boolean): CallRequest | null {
  if (isBinary) return null;
  try {
    const value = JSON.parse(raw.toString()) as Partial<CallRequest>;
    if (!Number.isSafeInteger(value.id) || typeof value.method !== 'string') return null;
    return { id: value.id as number, method: value.method, params: value.params ?? {} };
  } catch {
    return null;
  }
}
