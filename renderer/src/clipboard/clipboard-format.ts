import { formatCopy, type CopyFormat } from '../../../electron/shared/copy-format';
import { asciiChar } from '../grid/format';

/** What Copy can put on the clipboard: the shared formats, and the text the ASCII pane shows. */
export type ClipboardFormat = CopyFormat | 'text';

export const CLIPBOARD_FORMATS: readonly { format: ClipboardFormat; label: string }[] = [
  { format: 'hex', label: 'hex' },
  { format: 'c', label: 'C array' },
  { format: 'base64', label: 'Base64' },
  { format: 'text', label: 'text' },
];

export function labelOf(format: ClipboardFormat): string {
  return CLIPBOARD_FORMATS.find((entry) => entry.format === format)?.label ?? format;
}

/** The bytes as the format writes them; text as the ASCII pane shows it (. for the rest). */
export function formatForClipboard(bytes: Uint8Array, format: ClipboardFormat): string {
  if (format !== 'text') return formatCopy(bytes, format);
  let text = '';
  for (const byte of bytes) text += asciiChar(byte);
  return text;
}
