import type { DecoderId } from '../inspector/decoders';
import type { NoteId } from './field-notes';
import type { TemplateField } from './template-types';

/** Field tables written one line a field: [name, offset, size, decoder, description, hex?, note?]. */
export type FieldRow = readonly [
  name: string,
  offset: number,
  size: number,
  decoder: DecoderId,
  description: string,
  format?: 'hex' | null,
  note?: NoteId,
];

export function fields(rows: readonly FieldRow[]): TemplateField[] {
  return rows.map(([name, offset, size, decoder, description, format, note]) => {
    const field: TemplateField = { name, offset, size, decoder, description };
    if (format) field.format = format;
    if (note) field.note = note;
    return field;
  });
}
