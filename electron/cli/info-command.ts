import type { EvidenceSource, SourceFormat } from '../source';
import { openPathOption } from './open-source-option';

export interface InfoJson {
  path: string;
  kind: 'block' | 'file';
  format: SourceFormat;
  /** The files the evidence is made of, first to last. */
  segments: string[];
  size: number;
  logicalSectorSize: number;
  physicalSectorSize: number;
  sectorCount: number;
  directIO: boolean;
  readOnly: true;
  /** Acquisition metadata the image stores (E01), by name. */
  metadata: Record<string, string>;
  /** Media hashes the image stores (E01), lower-case hex. */
  storedHashes: { md5?: string; sha1?: string };
  /** Problems found on opening (a missing or short segment). */
  warnings: string[];
  /** The library that reads the format, or null for raw reads. */
  library: string | null;
}

export function infoJson({ identity, geometry, details }: EvidenceSource): InfoJson {
  return {
    path: identity.path,
    kind: identity.kind,
    format: identity.format,
    segments: details.segments,
    size: Number(geometry.size),
    logicalSectorSize: geometry.logicalSectorSize,
    physicalSectorSize: geometry.physicalSectorSize,
    sectorCount: Number(geometry.sectorCount),
    directIO: geometry.directIO,
    readOnly: true,
    metadata: details.metadata,
    storedHashes: details.storedHashes,
    warnings: details.warnings,
    library: details.library,
  };
}

function pageCacheText({ geometry, details }: EvidenceSource): string {
  if (geometry.directIO) return 'bypassed (O_DIRECT)';
  if (details.library) return `not bypassed: the image is read through ${details.library}`;
  return 'NOT bypassed: this filesystem refuses O_DIRECT';
}

/** "Case number" from "caseNumber". */
function labelOf(name: string): string {
  const words = name.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function detailLines({ details }: EvidenceSource): string[] {
  const lines: string[] = [];
  if (details.segments.length > 1) {
    lines.push(`Segments:          ${details.segments.length}`);
    for (const segment of details.segments) lines.push(`                   ${segment}`);
  }
  if (details.library) lines.push(`Read through:      ${details.library}`);
  for (const [name, value] of Object.entries(details.metadata)) {
    const label = `${labelOf(name)}:`;
    lines.push(`${label.padEnd(Math.max(19, label.length + 1))}${value}`);
  }
  if (details.storedHashes.md5) lines.push(`Stored MD5:        ${details.storedHashes.md5}`);
  if (details.storedHashes.sha1) lines.push(`Stored SHA-1:      ${details.storedHashes.sha1}`);
  for (const warning of details.warnings) lines.push(`WARNING: ${warning}`);
  return lines;
}

export function formatBytes(bytes: bigint): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let unit = 0;
  let value = Number(bytes);
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

export async function runInfo(
  path: string | undefined,
  json: boolean,
  sectorSize?: string,
): Promise<string> {
  const source = await openPathOption(path, sectorSize);
  try {
    const { identity, geometry } = source;
    if (json) return JSON.stringify(infoJson(source), null, 2) + '\n';
    return [
      `Path:              ${identity.path}`,
      `Kind:              ${identity.kind === 'block' ? 'block device' : 'image file'}`,
      `Format:            ${identity.format} (${identity.description})`,
      `Size:              ${geometry.size} bytes (${formatBytes(geometry.size)})`,
      `Sectors:           ${geometry.sectorCount}`,
      `Logical sector:    ${geometry.logicalSectorSize} bytes`,
      `Physical sector:   ${geometry.physicalSectorSize} bytes`,
      `Page cache:        ${pageCacheText(source)}`,
      `Access:            read-only`,
      ...detailLines(source),
      '',
    ].join('\n');
  } finally {
    await source.close();
  }
}
