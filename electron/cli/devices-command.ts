// `sectorscope devices [--json]`: the machine's block devices as lsblk shows them, with what an
// examiner checks before opening one: its identity, sector sizes, whether it is mounted (its
// contents then change while you look) and whether this user may read it.

import type { DeviceInfo } from '../shared/contract';
import { listDevices } from '../source';
import { formatBytes } from './info-command';

function deviceLines(device: DeviceInfo): string[] {
  const facts = [
    device.type,
    formatBytes(BigInt(device.size)),
    `${device.logicalSectorSize}/${device.physicalSectorSize}-byte sectors`,
    device.transport,
    device.removable ? 'removable' : null,
    device.rotational ? 'rotational' : 'solid state',
    device.readOnly ? 'read-only' : null,
  ].filter((fact): fact is string => fact !== null);
  const identity = [device.model, device.serial ? `serial ${device.serial}` : null]
    .filter(Boolean)
    .join(', ');
  const lines = [`${device.path}  ${identity ? `${identity}; ` : ''}${facts.join(', ')}`];
  for (const partition of device.partitions) {
    const mounted =
      partition.mountpoints.length > 0 ? `, mounted on ${partition.mountpoints.join(', ')}` : '';
    lines.push(
      `  ${partition.path}  ${formatBytes(BigInt(partition.size))}${partition.fstype ? `, ${partition.fstype}` : ''}${mounted}`,
    );
  }
  if (device.mountpoints.length > 0) {
    lines.push(
      '  WARNING: mounted: its contents change while you look; for evidence, unmount it or image it first.',
    );
  }
  if (device.permissionHint) lines.push(`  ${device.permissionHint}`);
  return lines;
}

export async function runDevices(json: boolean): Promise<string> {
  const devices = await listDevices();
  if (json) return `${JSON.stringify(devices, null, 2)}\n`;
  if (devices.length === 0) return 'No block devices with a medium were found.\n';
  return `${devices.flatMap(deviceLines).join('\n')}\n`;
}
