// A WebSocket client made by hand, for what a browser never does: frames of any shape (a test
// sends malformed ones) and a socket that stops reading (the serve-memory bench).

import { randomBytes } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';

/** A WebSocket frame as a client would send it (masked unless told otherwise). */
export function frame(
  opcode: number,
  payload: Uint8Array,
  { fin = true, rsv = 0, masked = true, length }: Partial<FrameShape> = {},
): Buffer {
  const size = length ?? BigInt(payload.length);
  const head = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = masked ? 0x80 : 0;
  let lengthBytes: Buffer;
  if (size < 126n) {
    lengthBytes = Buffer.from([maskBit | Number(size)]);
  } else if (size < 65536n) {
    lengthBytes = Buffer.alloc(3);
    lengthBytes[0] = maskBit | 126;
    lengthBytes.writeUInt16BE(Number(size), 1);
  } else {
    lengthBytes = Buffer.alloc(9);
    lengthBytes[0] = maskBit | 127;
    lengthBytes.writeBigUInt64BE(size, 1);
  }
  const mask = masked ? randomBytes(4) : Buffer.alloc(0);
  const body = Buffer.from(payload);
  if (masked) for (let i = 0; i < body.length; i++) body[i] = (body[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([Buffer.from(head), lengthBytes, mask, body]);
}

export interface FrameShape {
  fin: boolean;
  rsv: number;
  masked: boolean;
  length: bigint;
}

/** Opens a raw TCP connection and completes the WebSocket handshake by hand. */
export async function rawWebSocket(url: string): Promise<Socket> {
  const { host, pathname } = new URL(url);
  const [hostname, port] = host.split(':');
  const socket = connectTcp(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    [
      `GET ${pathname}ws HTTP/1.1`,
      `Host: ${host}`,
      `Origin: http://${host}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  await new Promise<void>((resolve, reject) => {
    let answer = '';
    const onData = (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (!answer.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (answer.startsWith('HTTP/1.1 101')) resolve();
      else reject(new Error(`handshake refused: ${answer.split('\r\n')[0]}`));
    };
    socket.on('data', onData);
  });
  return socket;
}
