import { decodeValue, type DecoderId, hexDisplay } from '../inspector/decoders';
import { fieldNote } from './field-notes';
import type { StructureTemplate, TemplateField } from './template-types';

export interface DecodedField {
  /** "Type", or "Partition entry 2: Type" inside a group. */
  name: string;
  description: string;
  /** Offset inside the structure. */
  offset: number;
  size: number;
  /** Absolute byte range on the disk: [start, end). */
  start: bigint;
  end: bigint;
  decoder: DecoderId;
  /** False when the bytes were missing or could not be decoded; display then says why. */
  ok: boolean;
  display: string;
  note: string | null;
  value: number | bigint | string | null;
}

function decodeField(
  field: TemplateField,
  record: Uint8Array,
  recordOffset: number,
  baseOffset: bigint,
  prefix: string,
): DecodedField {
  const offset = recordOffset + field.offset;
  const start = baseOffset + BigInt(offset);
  const common = {
    name: prefix + field.name,
    description: field.description,
    offset,
    size: field.size,
    start,
    end: start + BigInt(field.size),
    decoder: field.decoder,
  };
  if (field.offset + field.size > record.length) {
    return { ...common, ok: false, display: 'beyond the bytes read', note: null, value: null };
  }
  const decoded = decodeValue(
    field.decoder,
    record.subarray(field.offset, field.offset + field.size),
  );
  if (!decoded.ok)
    return { ...common, ok: false, display: decoded.display, note: null, value: null };
  const value = decoded.value;
  const display =
    field.format === 'hex' && typeof value !== 'string'
      ? hexDisplay(value, field.size)
      : decoded.display;
  const note = field.note ? fieldNote(field.note, value, record) : null;
  return { ...common, ok: true, display, note, value };
}

/**
 * Decodes a structure whose first byte is bytes[0], lying at absolute byte `baseOffset` on the
 * disk. Fields beyond the bytes given come back with ok: false. Never throws.
 */
export function decodeTemplate(
  template: StructureTemplate,
  bytes: Uint8Array,
  baseOffset: bigint | number = 0n,
): DecodedField[] {
  const base = BigInt(baseOffset);
  const fields = template.fields.map((field) => decodeField(field, bytes, 0, base, ''));
  for (const group of template.groups ?? []) {
    for (let i = 0; i < group.count; i++) {
      const recordOffset = group.offset + i * group.stride;
      const record = bytes.subarray(
        Math.min(recordOffset, bytes.length),
        recordOffset + group.stride,
      );
      for (const field of group.fields) {
        fields.push(decodeField(field, record, recordOffset, base, `${group.name} ${i + 1}: `));
      }
    }
  }
  return fields.sort((a, b) => a.offset - b.offset);
}

export interface DecodedRecord {
  index: number;
  start: bigint;
  fields: DecodedField[];
}

/** Decodes `count` records of one template laid out every `stride` bytes (a GPT entry array). */
export function decodeTemplateArray(
  template: StructureTemplate,
  bytes: Uint8Array,
  baseOffset: bigint | number,
  count: number,
  stride: number,
): DecodedRecord[] {
  const base = BigInt(baseOffset);
  const records: DecodedRecord[] = [];
  const step = Math.max(1, stride);
  for (let index = 0; index < count && index * step < bytes.length; index++) {
    const offset = index * step;
    const start = base + BigInt(offset);
    records.push({
      index,
      start,
      fields: decodeTemplate(template, bytes.subarray(offset, offset + step), start),
    });
  }
  return records;
}
