// Hex dumps in exactly xxd's format, so that what Sectorscope prints (`read --hex`, the hex
// excerpts of a case report) can be checked against `xxd -s OFFSET` byte for byte.

/**
 * Formats bytes exactly as `xxd -s OFFSET` does (16 bytes per line, pairs, ASCII column).
 * Bytes that `unreadable(index)` says could not be read show as `??` and `?` instead (xxd has
 * no such bytes: it stops at a read error).
 */
export function formatXxd(
  bytes: Uint8Array,
  startOffset: bigint,
  unreadable?: (index: number) => boolean,
): string {
  const lines: string[] = [];
  for (let lineStart = 0; lineStart < bytes.length; lineStart += 16) {
    const chunk = bytes.subarray(lineStart, lineStart + 16);
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      const byte = chunk[i];
      const lost = byte !== undefined && unreadable?.(lineStart + i) === true;
      hex += byte === undefined ? '  ' : lost ? '??' : byte.toString(16).padStart(2, '0');
      if (i % 2 === 1) hex += ' ';
      if (byte !== undefined) {
        ascii += lost ? '?' : byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
      }
    }
    const offset = (startOffset + BigInt(lineStart)).toString(16).padStart(8, '0');
    lines.push(`${offset}: ${hex} ${ascii}`);
  }
  return lines.map((line) => line + '\n').join('');
}
