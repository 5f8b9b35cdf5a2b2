import type { DecoderId } from '../inspector/decoders';
import type { NoteId } from './field-notes';
import type { TemplateId } from './template-id';

/** One field of an on-disk structure. Templates are plain data: adding one is adding a table. */
export interface TemplateField {
  name: string;
  /** Byte offset inside the structure (or inside one record of a group). */
  offset: number;
  size: number;
  decoder: DecoderId;
  description: string;
  /** Show the number in hex (flags, signatures, serials). */
  format?: 'hex';
  /** A note explaining the value (type names, flags, units). */
  note?: NoteId;
}

/** Records repeated at a fixed stride, like the four MBR partition entries. */
export interface TemplateGroup {
  name: string;
  offset: number;
  count: number;
  stride: number;
  fields: readonly TemplateField[];
}

export interface StructureTemplate {
  id: TemplateId;
  name: string;
  description: string;
  /** Bytes the structure covers. */
  size: number;
  fields: readonly TemplateField[];
  groups?: readonly TemplateGroup[];
}
