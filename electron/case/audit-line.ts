// One line of the audit log (JSON Lines), and the chain rule.
//
//   {"seq":3,"time":"2025-05-01T09:12:44.120Z","action":"bookmark.added","details":{...},
//    "prev":"<hash of line 2>","hash":"<hash of this line>","sig":"<Ed25519, base64>"}
//
// The body of a line is the JSON text of {seq, time, action, details, prev}, in that order, as
// JSON.stringify writes it; `hash` is the SHA-256 of the body (hex), and `prev` is the `hash` of
// the line before (64 zeros for the first). `sig`, in a case that signs its log, is the
// Ed25519 signature of the body. The line is the body with `hash` (and `sig`) added, one line
// of text ending in "\n". A line is accepted only as Sectorscope writes it, byte for byte: any
// change to a line (its hash no longer matches) shows at that line; a line removed or moved
// shows at the next (its sequence number, or the hash it records for the line before).

import { createHash } from 'node:crypto';
import type { Signer } from './signing';

export const GENESIS_HASH = '0'.repeat(64);

/** Bounds that keep a line readable in one go (a bookmark's note is the largest part). */
export const MAX_LINE_BYTES = 1024 * 1024;

export interface AuditEntry {
  /** 1 for the first line, one more for each line after. */
  seq: number;
  /** UTC, ISO 8601 with milliseconds: 2025-05-01T09:12:44.120Z. */
  time: string;
  /** What was done: case.created, bookmark.added, job.finished... */
  action: string;
  details: Record<string, unknown>;
  prev: string;
  hash: string;
  sig?: string;
}

export interface EntryDraft {
  action: string;
  details: Record<string, unknown>;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function bodyOf(entry: Pick<AuditEntry, 'seq' | 'time' | 'action' | 'details' | 'prev'>): string {
  const { seq, time, action, details, prev } = entry;
  return JSON.stringify({ seq, time, action, details, prev });
}

function lineOf(entry: AuditEntry): string {
  const { seq, time, action, details, prev, hash, sig } = entry;
  return JSON.stringify({ seq, time, action, details, prev, hash, ...(sig ? { sig } : {}) });
}

/** The next line after an entry whose hash is `prev` (its text without the "\n"). */
export function composeLine(
  draft: EntryDraft,
  seq: number,
  prev: string,
  time: Date,
  signer: Signer | null,
): { entry: AuditEntry; line: string } {
  const fields = { seq, time: time.toISOString(), action: draft.action, details: draft.details };
  const body = bodyOf({ ...fields, prev });
  const entry: AuditEntry = { ...fields, prev, hash: sha256(body) };
  if (signer) entry.sig = signer.sign(body);
  const line = lineOf(entry);
  if (Buffer.byteLength(line) > MAX_LINE_BYTES) {
    throw new RangeError(`an audit entry of ${Buffer.byteLength(line)} bytes is too large`);
  }
  return { entry, line };
}

const HEX64 = /^[0-9a-f]{64}$/;
const UTC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const ACTION = /^[a-z]+(\.[a-z][a-z-]*)+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export type LineCheck = { ok: true; entry: AuditEntry; body: string } | { ok: false; why: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks one line on its own: JSON, the fields, exactly as Sectorscope writes it, and its hash.
 * The chain (seq, prev) and signatures are checked by the caller, which knows the line before.
 */
export function checkLine(text: string): LineCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, why: 'it is not JSON' };
  }
  if (!isRecord(parsed)) return { ok: false, why: 'it is not a JSON object' };
  const { seq, time, action, details, prev, hash, sig } = parsed;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    return { ok: false, why: 'its "seq" is not a whole number 1 or more' };
  }
  if (typeof time !== 'string' || !UTC_TIME.test(time) || Number.isNaN(Date.parse(time))) {
    return { ok: false, why: 'its "time" is not a UTC time as Sectorscope writes it' };
  }
  if (typeof action !== 'string' || !ACTION.test(action)) {
    return { ok: false, why: 'its "action" is not an action name' };
  }
  if (!isRecord(details)) return { ok: false, why: 'its "details" is not an object' };
  if (
    typeof prev !== 'string' ||
    !HEX64.test(prev) ||
    typeof hash !== 'string' ||
    !HEX64.test(hash)
  ) {
    return { ok: false, why: 'its "prev" or "hash" is not a SHA-256 in hex' };
  }
  if (sig !== undefined && (typeof sig !== 'string' || !BASE64.test(sig))) {
    return { ok: false, why: 'its "sig" is not base64' };
  }
  const entry: AuditEntry = { seq, time, action, details, prev, hash, ...(sig ? { sig } : {}) };
  if (lineOf(entry) !== text) {
    return {
      ok: false,
      why: 'it is not as Sectorscope wrote it (fields added, moved or respelled)',
    };
  }
  const body = bodyOf(entry);
  if (sha256(body) !== hash) {
    return { ok: false, why: 'its content does not match its hash: the line was changed' };
  }
  return { ok: true, entry, body };
}
