import { MICROSOFT_BASIC_DATA } from './gpt-types';

export interface GptAttributeFlag {
  bit: number;
  name: string;
}

const COMMON_BITS: ReadonlyMap<number, string> = new Map([
  [0, 'Required partition (platform)'],
  [1, 'No block IO protocol'],
  [2, 'Legacy BIOS bootable'],
]);

// Bits 48-63 belong to the partition type; these are Microsoft basic data's.
const BASIC_DATA_BITS: ReadonlyMap<number, string> = new Map([
  [60, 'Read-only'],
  [61, 'Shadow copy'],
  [62, 'Hidden'],
  [63, 'No automount (no drive letter)'],
]);

/** The set bits of a GPT entry's 64-bit attribute field, named where the meaning is known. */
export function decodeGptAttributes(attributes: bigint, typeGuid: string): GptAttributeFlag[] {
  const flags: GptAttributeFlag[] = [];
  const typeBits = typeGuid.toUpperCase() === MICROSOFT_BASIC_DATA ? BASIC_DATA_BITS : undefined;
  for (let bit = 0; bit < 64; bit++) {
    if (((attributes >> BigInt(bit)) & 1n) === 0n) continue;
    const name =
      COMMON_BITS.get(bit) ??
      typeBits?.get(bit) ??
      (bit >= 48 ? `Type-specific bit ${bit}` : `Reserved bit ${bit}`);
    flags.push({ bit, name });
  }
  return flags;
}
