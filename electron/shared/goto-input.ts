// The go-to field's language: `123` or `0x7b` is an LBA; `@4096` or `@0x1000` is a byte offset.

export type GotoTarget = { kind: 'lba'; lba: bigint } | { kind: 'offset'; offset: bigint };

export type GotoParse = { ok: true; target: GotoTarget } | { ok: false; message: string };

const DECIMAL = /^[0-9]+$/;
const HEX = /^0x[0-9a-f]+$/i;

export function parseWholeNumber(text: string): bigint | null {
  const clean = text.trim().replace(/_/g, '');
  if (DECIMAL.test(clean) || HEX.test(clean)) return BigInt(clean);
  return null;
}

export function parseGotoInput(input: string): GotoParse {
  const text = input.trim();
  if (text === '')
    return { ok: false, message: 'Type an LBA (123 or 0x7B) or a byte offset (@0x1000).' };
  const isOffset = text.startsWith('@');
  const body = isOffset ? text.slice(1) : text;
  if (body.trim().startsWith('-')) {
    return { ok: false, message: `${isOffset ? 'A byte offset' : 'An LBA'} cannot be negative.` };
  }
  const value = parseWholeNumber(body);
  if (value === null) {
    return {
      ok: false,
      message: `"${text}" is not a number: use decimal (123), hex (0x7B), or @ for a byte offset (@0x1000).`,
    };
  }
  return {
    ok: true,
    target: isOffset ? { kind: 'offset', offset: value } : { kind: 'lba', lba: value },
  };
}

/** Resolves a target to a byte offset on a disk, or says why it is not on it. */
export function resolveGotoTarget(
  target: GotoTarget,
  sectorSize: number,
  sizeBytes: bigint,
): { ok: true; offset: bigint } | { ok: false; message: string } {
  const sectorCount = (sizeBytes + BigInt(sectorSize) - 1n) / BigInt(sectorSize);
  if (target.kind === 'lba') {
    if (target.lba >= sectorCount) {
      return {
        ok: false,
        message: `LBA ${target.lba} is past the end: the last LBA is ${sectorCount - 1n}.`,
      };
    }
    return { ok: true, offset: target.lba * BigInt(sectorSize) };
  }
  if (target.offset >= sizeBytes) {
    return {
      ok: false,
      message: `Offset 0x${target.offset.toString(16)} is past the end: the last byte is 0x${(sizeBytes - 1n).toString(16)}.`,
    };
  }
  return { ok: true, offset: target.offset };
}
