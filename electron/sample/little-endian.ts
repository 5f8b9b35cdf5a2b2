// Writes on-disk fields (all little-endian in MBR, GPT and FAT) into a byte array, refusing values
// that do not fit instead of silently wrapping them as DataView does.

import type { FieldPlace } from '../shared/disk/bpb-fields';

export class LittleEndianWriter {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u8(offset: number, value: number): void {
    checkFits(value, 0xff, offset);
    this.view.setUint8(offset, value);
  }

  u16(offset: number, value: number): void {
    checkFits(value, 0xffff, offset);
    this.view.setUint16(offset, value, true);
  }

  u32(offset: number, value: number): void {
    checkFits(value, 0xffffffff, offset);
    this.view.setUint32(offset, value, true);
  }

  u64(offset: number, value: number | bigint): void {
    const big = BigInt(value);
    if (big < 0n || big > 0xffffffffffffffffn) {
      throw new RangeError(`Value ${value} does not fit 8 bytes at offset ${offset}.`);
    }
    this.view.setBigUint64(offset, big, true);
  }

  /** A number into a field of one of the shared tables, as wide as the field (1, 2 or 4 bytes). */
  uint(field: FieldPlace, value: number): void {
    if (field.size === 1) this.u8(field.offset, value);
    else if (field.size === 2) this.u16(field.offset, value);
    else if (field.size === 4) this.u32(field.offset, value);
    else throw new RangeError(`A ${field.size}-byte field does not take a number.`);
  }

  /** ASCII text into a field of one of the shared tables, padded with spaces. */
  text(field: FieldPlace, text: string): void {
    this.ascii(field.offset, text, field.size);
  }

  /** ASCII text padded with `pad` to exactly `length` bytes. */
  ascii(offset: number, text: string, length: number, pad = 0x20): void {
    if (text.length > length || !/^[\x20-\x7e]*$/.test(text)) {
      throw new RangeError(`"${text}" is not printable ASCII of at most ${length} characters.`);
    }
    for (let i = 0; i < length; i++) {
      this.bytes[offset + i] = i < text.length ? text.charCodeAt(i) : pad;
    }
  }

  copy(offset: number, data: Uint8Array): void {
    this.bytes.set(data, offset);
  }
}

function checkFits(value: number, max: number, offset: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`Value ${value} does not fit the field at offset ${offset} (max ${max}).`);
  }
}
