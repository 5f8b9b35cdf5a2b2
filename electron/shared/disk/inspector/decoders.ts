import { hex } from '../bytes';
import { formatGuid, formatUuid } from '../guid';
import { decodeChs } from '../mbr/chs';
import { formatDosDate, formatDosTime, formatFiletime, formatUtc } from './time-format';

export const DECODER_IDS = [
  'int8',
  'uint8',
  'int16le',
  'uint16le',
  'int16be',
  'uint16be',
  'int32le',
  'uint32le',
  'int32be',
  'uint32be',
  'int64le',
  'uint64le',
  'int64be',
  'uint64be',
  'float32le',
  'float32be',
  'float64le',
  'float64be',
  'filetime',
  'unix32',
  'unix64',
  'dosdate',
  'dostime',
  'dosdatetime',
  'guid',
  'uuid',
  'utf8',
  'utf16le',
  'ascii',
  'bits',
  'bytes',
  'chs',
] as const;
export type DecoderId = (typeof DECODER_IDS)[number];

export type DecodedValue =
  | { ok: true; display: string; value: number | bigint | string }
  | { ok: false; display: string; value: null };

export interface Decoder {
  id: DecoderId;
  label: string;
  /** Bytes read; null means all the bytes given (text, bits, raw bytes). */
  size: number | null;
  decode(bytes: Uint8Array): DecodedValue;
}

/** Decoders for template fields only: the inspector has better readings of the same bytes. */
const TEMPLATE_ONLY: ReadonlySet<DecoderId> = new Set(['uuid', 'ascii', 'bytes', 'chs']);

/** The decoders the data inspector shows, in order. */
export const INSPECTOR_DECODERS: readonly DecoderId[] = DECODER_IDS.filter(
  (id) => !TEMPLATE_ONLY.has(id),
);

const ok = (display: string, value: number | bigint | string): DecodedValue => ({
  ok: true,
  display,
  value,
});
const fail = (display: string): DecodedValue => ({ ok: false, display, value: null });

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Wraps a fixed-size decoder so that short input gives a message instead of an exception. */
function fixed(
  id: DecoderId,
  label: string,
  size: number,
  decode: (data: DataView) => DecodedValue,
): Decoder {
  return {
    id,
    label,
    size,
    decode(bytes) {
      if (bytes.length < size) {
        return fail(`needs ${size} byte${size === 1 ? '' : 's'}, ${bytes.length} available`);
      }
      return decode(view(bytes.subarray(0, size)));
    },
  };
}

function variable(
  id: DecoderId,
  label: string,
  decode: (bytes: Uint8Array) => DecodedValue,
): Decoder {
  return {
    id,
    label,
    size: null,
    decode: (bytes) => (bytes.length === 0 ? fail('no bytes') : decode(bytes)),
  };
}

function integer(value: number | bigint): DecodedValue {
  return ok(value.toString(), value);
}

/** Shortest decimal text that reads back as the same float32. */
function formatFloat32(value: number): string {
  if (!Number.isFinite(value) || value === 0) return Object.is(value, -0) ? '-0' : String(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}

function float(value: number, single: boolean): DecodedValue {
  const display = single ? formatFloat32(value) : Object.is(value, -0) ? '-0' : String(value);
  return ok(display, value);
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/** Text up to the first NUL, shown quoted with control characters escaped. */
function textValue(text: string): DecodedValue {
  const nul = text.indexOf('\0');
  const shown = nul >= 0 ? text.slice(0, nul) : text;
  return ok(quote(shown), shown);
}

function utf16le(bytes: Uint8Array): string {
  const data = view(bytes);
  let text = '';
  for (let at = 0; at + 1 < bytes.length; at += 2)
    text += String.fromCharCode(data.getUint16(at, true));
  return text;
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, b) =>
  b.toString(16).toUpperCase().padStart(2, '0'),
);

function hexBytes(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += (i ? ' ' : '') + HEX_PAIRS[bytes[i] ?? 0];
  return text;
}

/** Long raw fields (boot code) show their first bytes only; the value keeps them all. */
const BYTES_SHOWN = 32;

function dosDateTime(data: DataView): DecodedValue {
  const time = formatDosTime(data.getUint16(0, true));
  const date = formatDosDate(data.getUint16(2, true));
  if (date === null || time === null) return fail('not a valid DOS date and time');
  const text = `${date}T${time}`;
  return ok(`${text} (local time, no zone)`, text);
}

const DECODER_LIST: Decoder[] = [
  fixed('int8', 'Int8', 1, (d) => integer(d.getInt8(0))),
  fixed('uint8', 'UInt8', 1, (d) => integer(d.getUint8(0))),
  fixed('int16le', 'Int16 LE', 2, (d) => integer(d.getInt16(0, true))),
  fixed('uint16le', 'UInt16 LE', 2, (d) => integer(d.getUint16(0, true))),
  fixed('int16be', 'Int16 BE', 2, (d) => integer(d.getInt16(0, false))),
  fixed('uint16be', 'UInt16 BE', 2, (d) => integer(d.getUint16(0, false))),
  fixed('int32le', 'Int32 LE', 4, (d) => integer(d.getInt32(0, true))),
  fixed('uint32le', 'UInt32 LE', 4, (d) => integer(d.getUint32(0, true))),
  fixed('int32be', 'Int32 BE', 4, (d) => integer(d.getInt32(0, false))),
  fixed('uint32be', 'UInt32 BE', 4, (d) => integer(d.getUint32(0, false))),
  fixed('int64le', 'Int64 LE', 8, (d) => integer(d.getBigInt64(0, true))),
  fixed('uint64le', 'UInt64 LE', 8, (d) => integer(d.getBigUint64(0, true))),
  fixed('int64be', 'Int64 BE', 8, (d) => integer(d.getBigInt64(0, false))),
  fixed('uint64be', 'UInt64 BE', 8, (d) => integer(d.getBigUint64(0, false))),
  fixed('float32le', 'Float32 LE', 4, (d) => float(d.getFloat32(0, true), true)),
  fixed('float32be', 'Float32 BE', 4, (d) => float(d.getFloat32(0, false), true)),
  fixed('float64le', 'Float64 LE', 8, (d) => float(d.getFloat64(0, true), false)),
  fixed('float64be', 'Float64 BE', 8, (d) => float(d.getFloat64(0, false), false)),
  fixed('filetime', 'Windows FILETIME', 8, (d) => {
    const value = d.getBigUint64(0, true);
    return ok(formatFiletime(value), value);
  }),
  fixed('unix32', 'Unix time (32-bit)', 4, (d) => {
    const value = d.getInt32(0, true);
    return ok(formatUtc(BigInt(value), 1n, 0), value);
  }),
  fixed('unix64', 'Unix time (64-bit)', 8, (d) => {
    const value = d.getBigInt64(0, true);
    return ok(formatUtc(value, 1n, 0), value);
  }),
  fixed('dosdate', 'DOS date', 2, (d) => {
    const text = formatDosDate(d.getUint16(0, true));
    return text === null ? fail('not a valid DOS date') : ok(text, text);
  }),
  fixed('dostime', 'DOS time', 2, (d) => {
    const text = formatDosTime(d.getUint16(0, true));
    return text === null ? fail('not a valid DOS time') : ok(text, text);
  }),
  fixed('dosdatetime', 'DOS time + date', 4, dosDateTime),
  fixed('guid', 'GUID', 16, (d) => {
    const text = formatGuid(new Uint8Array(d.buffer, d.byteOffset, 16));
    return ok(text, text);
  }),
  fixed('uuid', 'UUID (big-endian)', 16, (d) => {
    const text = formatUuid(new Uint8Array(d.buffer, d.byteOffset, 16));
    return ok(text, text);
  }),
  variable('utf8', 'UTF-8 text', (bytes) => textValue(new TextDecoder('utf-8').decode(bytes))),
  variable('utf16le', 'UTF-16LE text', (bytes) => textValue(utf16le(bytes))),
  variable('ascii', 'ASCII text', (bytes) => {
    const text = Array.from(bytes, (b) => String.fromCharCode(b))
      .join('')
      .replace(/\0+$/, '');
    return ok(quote(text), text);
  }),
  variable('bits', 'Bits', (bytes) => {
    const text = Array.from(bytes, (b) => b.toString(2).padStart(8, '0')).join(' ');
    return ok(text, text);
  }),
  variable('bytes', 'Bytes', (bytes) => {
    const all = hexBytes(bytes);
    const display =
      bytes.length > BYTES_SHOWN
        ? `${hexBytes(bytes.subarray(0, BYTES_SHOWN))} … (${bytes.length} bytes)`
        : all;
    return ok(display, all);
  }),
  fixed('chs', 'CHS address', 3, (d) => {
    const chs = decodeChs(new Uint8Array(d.buffer, d.byteOffset, 3), 0);
    const text = `C ${chs.cylinder} / H ${chs.head} / S ${chs.sector}`;
    return ok(text, text);
  }),
];

export const DECODERS: Readonly<Record<DecoderId, Decoder>> = Object.fromEntries(
  DECODER_LIST.map((decoder) => [decoder.id, decoder]),
) as Record<DecoderId, Decoder>;

/** Decodes bytes with one decoder; never throws. */
export function decodeValue(id: DecoderId, bytes: Uint8Array): DecodedValue {
  const decoder = DECODERS[id];
  try {
    return decoder.decode(bytes);
  } catch (error) {
    return fail(`cannot decode: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A number shown in hex, zero-padded to its byte size. */
export function hexDisplay(value: number | bigint, size: number): string {
  return hex(value, size * 2);
}
