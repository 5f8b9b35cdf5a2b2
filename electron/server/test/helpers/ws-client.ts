// A client of the serve server for tests: plain HTTP GETs with a chosen Host, and WebSocket
// calls as the renderer makes them.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import WebSocket from 'ws';
import type { MethodName, Result, WireReply } from '../../../shared/contract';
import { decodeFrame, decodeReply } from '../../../shared/wire-frame';

export function get(
  port: number,
  path: string,
  host: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export function connect(url: string, origin: string, host?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const headers = host ? { Host: host } : undefined;
    const socket = new WebSocket(url, { origin, headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

export function call<M extends MethodName>(
  socket: WebSocket,
  id: number,
  method: M,
  params: unknown,
): Promise<WireReply<Result<M>>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const { header, payload } = decodeFrame(new Uint8Array(data));
      if (header.id !== id) return;
      socket.off('message', onMessage);
      resolve(decodeReply(header, payload) as WireReply<Result<M>>);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, method, params }));
  });
}

export function ok<T>(reply: WireReply<T>): T {
  if (!reply.ok) assert.fail(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

export function errorCode(reply: WireReply<unknown>): string | undefined {
  return reply.ok ? undefined : reply.error.code;
}
