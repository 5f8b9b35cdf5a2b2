import type { DiskApi, StructureView } from '../../../electron/shared/contract';
import {
  TEMPLATES,
  TEMPLATE_IDS,
  decodeTemplate,
  decodeTemplateArray,
  type DecodedField,
  type TemplateId,
} from '../../../electron/shared/disk';

/** A structure shown on the bytes: one the tables located, or one the user applied. */
export interface ShownStructure {
  id: string;
  label: string;
  template: TemplateId;
  byteOffset: bigint;
  count: number;
  stride: number;
  backupOf: string | null;
  partitionIndex: number | null;
  appliedByUser: boolean;
}

export function isTemplateId(id: string): id is TemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(id);
}

export function fromView(view: StructureView): ShownStructure | null {
  if (!isTemplateId(view.template)) return null;
  return {
    id: view.id,
    label: view.label,
    template: view.template,
    byteOffset: BigInt(view.byteOffset),
    count: view.count,
    stride: view.stride,
    backupOf: view.backupOf,
    partitionIndex: view.partitionIndex,
    appliedByUser: false,
  };
}

export function structureEnd(structure: ShownStructure): bigint {
  return structure.byteOffset + BigInt(structure.stride * structure.count);
}

/** Reads the structure's bytes and decodes them; empty records of an array are left out. */
export async function loadStructureFields(
  api: DiskApi,
  session: string,
  sectorSize: number,
  sizeBytes: bigint,
  structure: ShownStructure,
): Promise<DecodedField[]> {
  const size = BigInt(sectorSize);
  const wantedEnd = structureEnd(structure) < sizeBytes ? structureEnd(structure) : sizeBytes;
  const first = structure.byteOffset / size;
  const last = (wantedEnd - 1n) / size;
  const { data, unreadable } = await api.call('readSectors', {
    session,
    lba: first.toString(),
    count: Number(last - first + 1n),
  });
  if (unreadable.length > 0) {
    throw new Error(`LBA ${unreadable.join(', ')} of this structure could not be read.`);
  }
  const from = Number(structure.byteOffset - first * size);
  const bytes = data.subarray(from, from + Number(wantedEnd - structure.byteOffset));
  const template = TEMPLATES[structure.template];
  if (structure.count <= 1) return decodeTemplate(template, bytes, structure.byteOffset);
  return decodeTemplateArray(
    template,
    bytes,
    structure.byteOffset,
    structure.count,
    structure.stride,
  )
    .filter((record) =>
      bytes
        .subarray(record.index * structure.stride, (record.index + 1) * structure.stride)
        .some((b) => b !== 0),
    )
    .flatMap((record) =>
      record.fields.map((field) => ({
        ...field,
        name: `Entry ${record.index + 1}: ${field.name}`,
      })),
    );
}

/** The field holding a byte, by binary search over fields sorted by start. */
export function fieldAt(fields: readonly DecodedField[], offset: bigint): number {
  let low = 0;
  let high = fields.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const field = fields[mid] as DecodedField;
    if (offset < field.start) high = mid - 1;
    else if (offset >= field.end) low = mid + 1;
    else return mid;
  }
  return -1;
}
