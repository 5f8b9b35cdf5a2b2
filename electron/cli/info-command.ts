import type { EvidenceSource } from '../source';
import { openPathOption } from './open-source-option';

export interface InfoJson {
  path: string;
  kind: 'block' | 'file';
  format: 'raw';
  size: number;
  logicalSectorSize: number;
  physicalSectorSize: number;
  sectorCount: number;
  directIO: boolean;
  readOnly: true;
}

export function infoJson({ identity, geometry }: EvidenceSource): InfoJson {
  return {
    path: identity.path,
    kind: identity.kind,
    format: identity.format,
    size: Number(geometry.size),
    logicalSectorSize: geometry.logicalSectorSize,
    physicalSectorSize: geometry.physicalSectorSize,
    sectorCount: Number(geometry.sectorCount),
    directIO: geometry.directIO,
    readOnly: true,
  };
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
      `Format:            ${identity.format}`,
      `Size:              ${geometry.size} bytes (${formatBytes(geometry.size)})`,
      `Sectors:           ${geometry.sectorCount}`,
      `Logical sector:    ${geometry.logicalSectorSize} bytes`,
      `Physical sector:   ${geometry.physicalSectorSize} bytes`,
      `Page cache:        ${geometry.directIO ? 'bypassed (O_DIRECT)' : 'NOT bypassed: this filesystem refuses O_DIRECT'}`,
      `Access:            read-only`,
      '',
    ].join('\n');
  } finally {
    await source.close();
  }
}
