import type { DiskInfo } from '../../native-bridge/types';
import { openDisk } from './open-disk';

export interface InfoJson {
  path: string;
  kind: 'block' | 'file';
  size: number;
  logicalSectorSize: number;
  physicalSectorSize: number;
  sectorCount: number;
  directIO: boolean;
  readOnly: true;
}

export function infoJson(info: DiskInfo): InfoJson {
  return {
    path: info.path,
    kind: info.kind,
    size: Number(info.size),
    logicalSectorSize: info.logicalSectorSize,
    physicalSectorSize: info.physicalSectorSize,
    sectorCount: Number(info.sectorCount),
    directIO: info.directIO,
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
  const reader = await openDisk(path, sectorSize);
  try {
    const { info } = reader;
    if (json) return JSON.stringify(infoJson(info), null, 2) + '\n';
    return [
      `Path:              ${info.path}`,
      `Kind:              ${info.kind === 'block' ? 'block device' : 'image file'}`,
      `Size:              ${info.size} bytes (${formatBytes(info.size)})`,
      `Sectors:           ${info.sectorCount}`,
      `Logical sector:    ${info.logicalSectorSize} bytes`,
      `Physical sector:   ${info.physicalSectorSize} bytes`,
      `Page cache:        ${info.directIO ? 'bypassed (O_DIRECT)' : 'NOT bypassed: this filesystem refuses O_DIRECT'}`,
      `Access:            read-only`,
      '',
    ].join('\n');
  } finally {
    await reader.close();
  }
}
