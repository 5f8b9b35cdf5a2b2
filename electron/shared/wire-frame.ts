// Framing of the browser-mode WebSocket: requests are JSON text; replies and events are binary
// frames [u32 LE header length][header JSON][payload], so sector bytes travel without base64.

export interface CallRequest {
  id: number;
  method: string;
  params: unknown;
}

export interface FrameHeader {
  /** Request id for replies; absent for events. */
  id?: number;
  reply?: unknown;
  event?: unknown;
  /** Name of the field of reply.value that the payload fills in. */
  payloadField?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeFrame(header: FrameHeader, payload?: Uint8Array): Uint8Array {
  return joinParts(encodeFrameParts(header, payload));
}

function joinParts([head, body]: [Uint8Array, Uint8Array?]): Uint8Array {
  if (!body) return head;
  const frame = new Uint8Array(head.byteLength + body.byteLength);
  frame.set(head);
  frame.set(body, head.byteLength);
  return frame;
}

/**
 * The frame as its header part and its payload, to be sent as two fragments of one message: the
 * sector bytes go out as they are, without a copy into a frame.
 */
export function encodeFrameParts(
  header: FrameHeader,
  payload?: Uint8Array,
): [Uint8Array, Uint8Array?] {
  const json = encoder.encode(JSON.stringify(header));
  const head = new Uint8Array(4 + json.byteLength);
  new DataView(head.buffer).setUint32(0, json.byteLength, true);
  head.set(json, 4);
  return payload ? [head, payload] : [head];
}

export function decodeFrame(frame: Uint8Array): { header: FrameHeader; payload: Uint8Array } {
  if (frame.byteLength < 4) throw new Error('Truncated frame.');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > frame.byteLength) throw new Error('Truncated frame header.');
  const header = JSON.parse(decoder.decode(frame.subarray(4, 4 + headerLength))) as FrameHeader;
  return { header, payload: frame.subarray(4 + headerLength) };
}

/** Splits a reply whose value carries bytes in `data` into a header and a payload. */
export function encodeReply(id: number, reply: unknown): Uint8Array {
  return joinParts(encodeReplyParts(id, reply));
}

/** encodeReply as two parts (see encodeFrameParts). */
export function encodeReplyParts(id: number, reply: unknown): [Uint8Array, Uint8Array?] {
  const value = (reply as { ok?: boolean; value?: unknown }).value;
  if (
    value &&
    typeof value === 'object' &&
    (value as { data?: unknown }).data instanceof Uint8Array
  ) {
    const { data, ...rest } = value as { data: Uint8Array };
    return encodeFrameParts({ id, reply: { ok: true, value: rest }, payloadField: 'data' }, data);
  }
  return encodeFrameParts({ id, reply });
}

/** Reverses encodeReply: the payload goes back into reply.value[payloadField] as a copy. */
export function decodeReply(header: FrameHeader, payload: Uint8Array): unknown {
  if (!header.payloadField) return header.reply;
  const reply = header.reply as { ok: true; value: Record<string, unknown> };
  return { ...reply, value: { ...reply.value, [header.payloadField]: payload.slice() } };
}
