import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { DiskService } from '../service/disk-service';
import { encodeFrame, encodeReply, type CallRequest } from '../shared/wire-frame';
import { RequestGuard } from './request-guard';
import { readStaticFile } from './static-files';

export interface ServeOptions {
  service: DiskService;
  /** Folder of the built renderer (dist/renderer). */
  rendererRoot: string;
  /** 0 picks a free port. */
  port: number;
  /** For tests; a random one otherwise. */
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 64 * 1024;

export async function startServeServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const guard = new RequestGuard(token, `127.0.0.1:${port}`);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });

  server.on('request', (req, res) => void serveHttp(req, res, guard, options.rendererRoot, port));
  server.on('upgrade', (req, socket, head) => {
    if (guard.check(req, true) !== '/ws') {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => attachClient(ws, options.service));
  });

  return {
    url: `http://127.0.0.1:${port}${guard.prefix}`,
    port,
    token,
    close: () => closeServer(server, sockets),
  };
}

async function serveHttp(
  req: IncomingMessage,
  res: ServerResponse,
  guard: RequestGuard,
  rendererRoot: string,
  port: number,
): Promise<void> {
  const path = guard.check(req);
  if (path === null || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden\n');
    return;
  }
  const file = await readStaticFile(rendererRoot, path);
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy':
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
      `connect-src ws://127.0.0.1:${port}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

function attachClient(ws: WebSocket, service: DiskService): void {
  const unsubscribe = service.onEvent((event) => ws.send(encodeFrame({ event })));
  ws.on('close', unsubscribe);
  ws.on('message', (raw: RawData, isBinary: boolean) => {
    const request = parseRequest(raw, isBinary);
    if (!request) {
      ws.close(1008, 'Malformed request');
      return;
    }
    void service.handle(request.method, request.params).then((reply) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeReply(request.id, reply));
    });
  });
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

function closeServer(server: Server, sockets: WebSocketServer): Promise<void> {
  for (const client of sockets.clients) client.terminate();
  sockets.close();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
