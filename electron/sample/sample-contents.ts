// What the sample disk holds: the files of both FAT volumes and the marker in the gap.

import type { FatNode } from './fat-formatter';
import { planFatGeometry } from './fat-geometry';
import {
  SAMPLE_FAT16_PARTITION,
  SAMPLE_FAT32_PARTITION,
  SAMPLE_SECTOR_SIZE,
  SAMPLE_TIMES,
} from './sample-layout';
import { sampleNotesText } from './sample-notes';

const README = [
  'This is the Sectorscope sample disk. Sectorscope builds it byte for byte by itself, so the',
  'same image comes out on every machine and its hashes never change. It holds a GUID partition',
  'table behind a protective MBR, a FAT32 volume (this one) and a small FAT16 volume, with a few',
  'MiB of unallocated space between them. Look at LBA 0 for the protective MBR, LBA 1 for the',
  'GPT header and LBAs 2 to 33 for its partition entries; their backup copies fill the last 33',
  'sectors of the disk. "Disk structure notes.txt" lists where everything else lies.',
];

const PATTERN_SIZE = 3072;

function clustersText(): string[] {
  const clusterBytes = SAMPLE_FAT32_PARTITION.sectorsPerCluster * SAMPLE_SECTOR_SIZE;
  return [
    `PATTERN.BIN in the root directory is ${PATTERN_SIZE} bytes long: the byte values 00 to FF,`,
    `${PATTERN_SIZE / 256} times. With ${clusterBytes}-byte clusters it fills ` +
      `${Math.ceil(PATTERN_SIZE / clusterBytes)} clusters, chained one after the other in the FAT.`,
    'This directory (DOCS) has a cluster of its own, starting with its "." and ".." entries.',
  ];
}

function aboutText(): string[] {
  const p = SAMPLE_FAT16_PARTITION;
  const g = planFatGeometry(p.fatType, p.sectorCount, p.sectorsPerCluster);
  return [
    `This is partition ${p.number} of the Sectorscope sample disk: a FAT16 volume labelled`,
    `${p.volumeLabel} in a GPT partition named "${p.name}" of type "Linux filesystem".`,
    `Its clusters are ${g.sectorsPerCluster * SAMPLE_SECTOR_SIZE} bytes (${g.sectorsPerCluster} ` +
      `sectors) and its root directory is a fixed region of ${g.rootDirSectors} sectors`,
    'between the second FAT and cluster 2.',
  ];
}

const GAP_MARKER =
  'SECTORSCOPE SAMPLE DISK: this sector lies in unallocated space between partition 1 and ' +
  'partition 2. No partition table entry covers it; tools like mmls list such gaps so that ' +
  'data hidden there can be found.';

export function sampleFat32Files(): FatNode[] {
  const t = SAMPLE_TIMES;
  return [
    { kind: 'file', name: 'README.TXT', data: text(README), time: t.readme },
    {
      kind: 'file',
      name: 'Disk structure notes.txt',
      data: new TextEncoder().encode(sampleNotesText()),
      time: t.notes,
    },
    {
      kind: 'directory',
      name: 'DOCS',
      time: t.docs,
      children: [{ kind: 'file', name: 'CLUSTERS.TXT', data: text(clustersText()), time: t.docs }],
    },
    { kind: 'file', name: 'PATTERN.BIN', data: samplePattern(), time: t.pattern },
  ];
}

export function sampleFat16Files(): FatNode[] {
  return [{ kind: 'file', name: 'ABOUT.TXT', data: text(aboutText()), time: SAMPLE_TIMES.volume }];
}

/** 3 KiB of 00 01 02 ... FF, repeated: easy to recognise in a hex view. */
export function samplePattern(): Uint8Array {
  return Uint8Array.from({ length: PATTERN_SIZE }, (_, i) => i & 0xff);
}

/** One sector with the marker text, zero-padded; it goes at the first LBA of `SAMPLE_GAP`. */
export function gapMarkerSector(): Uint8Array {
  const sector = new Uint8Array(SAMPLE_SECTOR_SIZE);
  sector.set(new TextEncoder().encode(GAP_MARKER));
  return sector;
}

function text(lines: string[]): Uint8Array {
  return new TextEncoder().encode(lines.join('\r\n') + '\r\n');
}
