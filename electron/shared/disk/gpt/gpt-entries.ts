import { isAllZero, u16le, u64le } from '../bytes';
import { formatGuid } from '../guid';
import { decodeGptAttributes, type GptAttributeFlag } from './gpt-attributes';
import { gptTypeName } from './gpt-types';

export const GPT_NAME_OFFSET = 56;
export const GPT_NAME_BYTES = 72;

/** A used GPT partition entry (type GUID not zero). */
export interface GptEntry {
  /** Slot in the entry array, from 0. */
  index: number;
  /** Byte offset of the entry inside the array. */
  offset: number;
  typeGuid: string;
  typeName: string;
  uniqueGuid: string;
  firstLba: bigint;
  lastLba: bigint;
  attributes: bigint;
  attributeFlags: GptAttributeFlag[];
  name: string;
}

/** UTF-16LE text up to the first NUL code unit. */
export function decodeUtf16Name(bytes: Uint8Array, offset: number, length: number): string {
  let text = '';
  for (let at = offset; at + 1 < offset + length; at += 2) {
    const unit = u16le(bytes, at);
    if (unit === 0) break;
    text += String.fromCharCode(unit);
  }
  return text;
}

/** Decodes the used entries of a GPT entry array; `array` holds entryCount * entrySize bytes. */
export function decodeGptEntries(
  array: Uint8Array,
  entryCount: number,
  entrySize: number,
): GptEntry[] {
  const entries: GptEntry[] = [];
  if (entrySize < GPT_NAME_OFFSET + GPT_NAME_BYTES) return entries;
  for (let index = 0; index < entryCount; index++) {
    const offset = index * entrySize;
    if (offset + entrySize > array.length) break;
    if (isAllZero(array, offset, 16)) continue;
    const typeGuid = formatGuid(array, offset);
    const attributes = u64le(array, offset + 48);
    entries.push({
      index,
      offset,
      typeGuid,
      typeName: gptTypeName(typeGuid),
      uniqueGuid: formatGuid(array, offset + 16),
      firstLba: u64le(array, offset + 32),
      lastLba: u64le(array, offset + 40),
      attributes,
      attributeFlags: decodeGptAttributes(attributes, typeGuid),
      name: decodeUtf16Name(array, offset + GPT_NAME_OFFSET, GPT_NAME_BYTES),
    });
  }
  return entries;
}
