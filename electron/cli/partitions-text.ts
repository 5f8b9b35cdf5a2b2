// `sectorscope partitions PATH`: the partition layout as text for people (--json prints
// partitionsReport from electron/shared/disk).
import { formatBytes, type DiskLayout, type Partition } from '../shared/disk';

/** "16.0 MiB"; exact in bigint up to the last step, so any disk size formats. */
export function formatSize(sectors: bigint, sectorSize: number): string {
  return formatBytes(sectors * BigInt(sectorSize));
}

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function describeFilesystem(fs: Partition['filesystem']): string {
  if (fs === null) return '';
  const label = fs.label === null ? '' : ` "${fs.label}"`;
  const size = fs.size === null ? '' : ` (${formatBytes(fs.size)})`;
  return `${fs.name}${label}${size}`;
}

function schemeLine(layout: DiskLayout): string {
  const size = formatSize(layout.sectorCount, layout.sectorSize);
  const disk = `${layout.sectorCount} sectors of ${layout.sectorSize} bytes (${size})`;
  switch (layout.scheme) {
    case 'gpt': {
      const copy = layout.gpt?.used === 'backup' ? ', read from the BACKUP copy' : '';
      const hybrid = layout.hybridMbr ? ', hybrid MBR' : '';
      return `GPT partition table${copy}${hybrid}, disk GUID ${layout.diskId}; ${disk}`;
    }
    case 'mbr':
      return `MBR (DOS) partition table, disk identifier ${layout.diskId}; ${disk}`;
    default: {
      const volume = layout.filesystem
        ? ` The whole disk is one volume: ${describeFilesystem(layout.filesystem)}.`
        : '';
      return `No partition table found; ${disk}.${volume}`;
    }
  }
}

/** The disk's own filesystem when a partition table describes the disk too (a hybrid ISO). */
function diskFilesystemLine(layout: DiskLayout): string[] {
  if (layout.scheme === 'none' || layout.filesystem === null) return [];
  const also =
    layout.filesystemPartition === null
      ? ''
      : `, the same as partition ${layout.filesystemPartition}'s`;
  return [
    `The disk starts with a volume of its own: ${describeFilesystem(layout.filesystem)}${also}.`,
  ];
}

function extraLines(layout: DiskLayout): string[] {
  const lines: string[] = [];
  if (layout.volumeSlack.length > 0) {
    lines.push('Volume slack (partition sectors past the end of their filesystem):');
    for (const slack of layout.volumeSlack) {
      lines.push(
        `  partition ${slack.partitionIndex}: LBA ${slack.start}-${slack.end} (${slack.size} sectors, ${formatSize(slack.size, layout.sectorSize)})`,
      );
    }
    lines.push('');
  }
  if (layout.gapFilesystems.length > 0) {
    lines.push('Filesystems in unallocated space:');
    for (const found of layout.gapFilesystems) {
      const end = found.end === null ? '' : `-${found.end}`;
      lines.push(`  LBA ${found.start}${end}: ${describeFilesystem(found.filesystem)}`);
    }
    lines.push('');
  }
  return lines;
}

/** The layout as text for a terminal: partitions, the mmls view, gaps and findings. */
export function formatPartitionsText(layout: DiskLayout): string {
  const lines: string[] = [schemeLine(layout), ...diskFilesystemLine(layout), ''];
  if (layout.partitions.length > 0) {
    const header = ['#', 'Start', 'End', 'Sectors', 'Size', 'Type', 'Name', 'Filesystem'];
    const rows = layout.partitions.map((p) => [
      String(p.index) + (p.bootable ? '*' : ''),
      String(p.start),
      String(p.end),
      String(p.size),
      formatSize(p.size, layout.sectorSize),
      `${p.typeName} (${p.type})`,
      p.name,
      describeFilesystem(p.filesystem),
    ]);
    lines.push(...table([header, ...rows]).map((line) => `  ${line}`), '');
  }
  if (layout.slots.length > 0) {
    lines.push('Layout (as mmls shows it; + marks rows mmls does not print):');
    const rows = layout.slots.map((slot) => [
      slot.extra ? `+${slot.slot}` : slot.slot,
      String(slot.start),
      String(slot.end),
      String(slot.length),
      slot.description,
    ]);
    lines.push(
      ...table([['Slot', 'Start', 'End', 'Length', 'Description'], ...rows]).map((l) => `  ${l}`),
      '',
    );
  }
  lines.push(...extraLines(layout));
  lines.push('Gaps (sectors outside every partition and partition table):');
  if (layout.gaps.length === 0) lines.push('  none');
  for (const gap of layout.gaps) {
    lines.push(
      `  LBA ${gap.start}-${gap.end} (${gap.size} sectors, ${formatSize(gap.size, layout.sectorSize)})`,
    );
  }
  lines.push('');
  if (layout.findings.length === 0) {
    lines.push('No problems found.');
  } else {
    lines.push('Findings:');
    for (const finding of layout.findings) {
      const where = finding.lba === undefined ? '' : ` at LBA ${finding.lba}`;
      lines.push(`  ${finding.severity.toUpperCase()} ${finding.code}${where}: ${finding.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
