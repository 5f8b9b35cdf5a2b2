// Labels and identifiers in the form blkid prints them (libblkid's blkid_probe_set_label,
// blkid_probe_set_utf8label and blkid_unparse_uuid): text up to the first NUL, trailing white
// space (C isspace) dropped, nothing at all when that leaves it empty.
import { isAllZero } from '../bytes';
import { formatUuid } from '../guid';

const isCSpace = (code: number): boolean => code === 0x20 || (code >= 0x09 && code <= 0x0d);

function trimmed(text: string): string | null {
  let end = text.length;
  while (end > 0 && isCSpace(text.charCodeAt(end - 1))) end--;
  return end === 0 ? null : text.slice(0, end);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A label stored as raw bytes (ext, XFS, btrfs, swap, LUKS2, md, FAT): blkid prints the bytes as
 * they are, which a terminal shows as UTF-8; bytes that are not UTF-8 are read as Latin-1.
 */
export function rawLabel(bytes: Uint8Array, offset: number, length: number): string | null {
  const end = Math.min(bytes.length, offset + length);
  let stop = offset;
  while (stop < end && bytes[stop] !== 0) stop++;
  const field = bytes.subarray(offset, stop);
  let text: string;
  try {
    text = utf8.decode(field);
  } catch {
    text = Array.from(field, (b) => String.fromCharCode(b)).join('');
  }
  return trimmed(text);
}

/** A label stored as UTF-16 (NTFS, exFAT, F2FS little-endian; Joliet, HFS+, UDF big-endian). */
export function utf16Label(
  bytes: Uint8Array,
  offset: number,
  length: number,
  littleEndian: boolean,
): string | null {
  const end = Math.min(bytes.length, offset + length);
  let text = '';
  for (let at = offset; at + 1 < end; at += 2) {
    const unit = littleEndian
      ? (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8)
      : ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
    if (unit === 0) break;
    text += String.fromCharCode(unit);
  }
  return trimmed(text);
}

/** A label stored in Latin-1 (UDF's 8-bit OSTA compressed Unicode). */
export function latin1Label(bytes: Uint8Array, offset: number, length: number): string | null {
  const end = Math.min(bytes.length, offset + length);
  let text = '';
  for (let at = offset; at < end && bytes[at] !== 0; at++)
    text += String.fromCharCode(bytes[at] ?? 0);
  return trimmed(text);
}

/** A 16-byte UUID as blkid prints it, or null when all zero (blkid then prints none). */
export function uuidOrNull(bytes: Uint8Array, offset: number): string | null {
  if (offset + 16 > bytes.length || isAllZero(bytes, offset, 16)) return null;
  return formatUuid(bytes, offset);
}

/** An identifier stored as text (LUKS): up to the first NUL, trailing white space dropped. */
export function textId(bytes: Uint8Array, offset: number, length: number): string | null {
  return rawLabel(bytes, offset, length);
}
