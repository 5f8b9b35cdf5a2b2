// The sample's file trees flattened to "DIR/NAME" paths, as fls -r -p prints them.

import type { FatNode } from '../fat-formatter';
import type { FatTimestamp } from '../fat-timestamp';

export interface FlatEntry {
  path: string;
  kind: 'file' | 'directory';
  data: Uint8Array | null;
  time: FatTimestamp;
}

export function flattenTree(nodes: FatNode[], prefix = ''): FlatEntry[] {
  return nodes.flatMap((node) => {
    const path = prefix + node.name;
    if (node.kind === 'file') return [{ path, kind: 'file', data: node.data, time: node.time }];
    return [
      { path, kind: 'directory', data: null, time: node.time },
      ...flattenTree(node.children, `${path}/`),
    ];
  });
}

/** "2024-05-17 10:34:26": how FAT stores the time, seconds rounded down to even. */
export function fatWrittenTime(t: FatTimestamp): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const second = t.second - (t.second % 2);
  return `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}:${two(second)}`;
}
