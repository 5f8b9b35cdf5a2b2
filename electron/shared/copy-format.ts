// Formats for copying a selection: hex pairs, a C array, Base64. Pure, shared by UI and tests.

export type CopyFormat = 'hex' | 'c' | 'base64';

export function formatHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

export function formatCArray(bytes: Uint8Array, name = 'data'): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 12) {
    const chunk = Array.from(
      bytes.subarray(i, i + 12),
      (b) => `0x${b.toString(16).padStart(2, '0')}`,
    );
    lines.push(`  ${chunk.join(', ')}${i + 12 < bytes.length ? ',' : ''}`);
  }
  return `unsigned char ${name}[${bytes.length}] = {\n${lines.join('\n')}\n};\n`;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function formatBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += BASE64[(n >> 18) & 63];
    out += BASE64[(n >> 12) & 63];
    out += b === undefined ? '=' : BASE64[(n >> 6) & 63];
    out += c === undefined ? '=' : BASE64[n & 63];
  }
  return out;
}

export function formatCopy(bytes: Uint8Array, format: CopyFormat): string {
  if (format === 'hex') return formatHex(bytes);
  if (format === 'c') return formatCArray(bytes);
  return formatBase64(bytes);
}
