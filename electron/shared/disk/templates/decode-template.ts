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

/** A field of a template where it lies: a group's fields once per record. */
export interface FieldPlacement {
  field: TemplateField;
  /** Offset of the field's record (0 outside groups); the field lies at recordOffset + offset. */
  recordOffset: number;
  /** Bytes of the record (the template's size outside groups). */
  recordSize: number;
  /** "" or "Partition entry 2: ". */
  prefix: string;
}

const placementCache = new WeakMap<StructureTemplate, FieldPlacement[]>();

/** Every field of a template with its place, sorted by offset (computed once per template). */
export function templatePlacements(template: StructureTemplate): FieldPlacement[] {
  const cached = placementCache.get(template);
  if (cached) return cached;
  const placements: FieldPlacement[] = template.fields.map((field) => ({
    field,
    recordOffset: 0,
    recordSize: template.size,
    prefix: '',
  }));
  for (const group of template.groups ?? []) {
    for (let i = 0; i < group.count; i++) {
      for (const field of group.fields) {
        placements.push({
          field,
          recordOffset: group.offset + i * group.stride,
          recordSize: group.stride,
          prefix: `${group.name} ${i + 1}: `,
        });
      }
    }
  }
  placements.sort((a, b) => a.recordOffset + a.field.offset - (b.recordOffset + b.field.offset));
  placementCache.set(template, placements);
  return placements;
}

/** Decodes one placed field of the structure whose first byte is bytes[0]. */
export function decodePlacement(
  placement: FieldPlacement,
  bytes: Uint8Array,
  baseOffset: bigint,
): DecodedField {
  const { recordOffset, recordSize, field, prefix } = placement;
  const record = bytes.subarray(Math.min(recordOffset, bytes.length), recordOffset + recordSize);
  return decodeField(field, record, recordOffset, baseOffset, prefix);
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
  return templatePlacements(template).map((placement) => decodePlacement(placement, bytes, base));
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
