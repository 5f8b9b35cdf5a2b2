import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { DiskService } from '../service/disk-service';
import { attachConnection } from './client-connection';
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
  /** Where connection problems are told; console.error unless a test says otherwise. */
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 64 * 1024;

/** Headers of every page this server sends. */
const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/**
 * For a request by another name than 127.0.0.1:PORT (localhost, most often): what to open
 * instead. It holds no token, so a page that reached here by DNS rebinding learns nothing.
 */
function wrongHostPage(port: number): string {
  return [
    '<!doctype html><meta charset="utf-8"><title>Sectorscope: use the printed address</title>',
    '<h1>Open Sectorscope at 127.0.0.1</h1>',
    `<p>This viewer answers only at <code>http://127.0.0.1:${port}/</code> followed by the token`,
    '<code>sectorscope serve</code> printed: copy that whole URL from its terminal. Other names',
    'for this machine, <code>localhost</code> among them, are refused on purpose, so that no',
    'web page can reach the disk through a name it controls (DNS rebinding).</p>',
    '',
  ].join('\n');
}

export async function startServeServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const guard = new RequestGuard(token, `127.0.0.1:${port}`);
  const log = options.log ?? ((line: string) => console.error(line));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });

  server.on('request', (req, res) => {
    serveHttp(req, res, guard, options.rendererRoot, port).catch((error: unknown) => {
      log(`sectorscope: answering ${req.url ?? 'a request'} failed: ${String(error)}`);
      res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    // A client that goes away mid-handshake must cost only its own socket.
    socket.on('error', () => socket.destroy());
    if (guard.check(req, true) !== '/ws') {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) =>
      attachConnection(ws, options.service, { log }),
    );
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
  if (!guard.hostMatches(req)) {
    res
      .writeHead(403, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
      })
      .end(wrongHostPage(port));
    return;
  }
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
    ...SECURITY_HEADERS,
    'Content-Type': file.contentType,
    'Content-Security-Policy':
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
      // 'self': the page asks for its own URL to tell a stopped server from a restarted one.
      `connect-src 'self' ws://127.0.0.1:${port}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

function closeServer(server: Server, sockets: WebSocketServer): Promise<void> {
  for (const client of sockets.clients) client.terminate();
  sockets.close();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
