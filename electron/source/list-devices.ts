// The machine's block devices as lsblk shows them: name, model, serial, size, sector sizes,
// removable, rotational, read-only, transport, partitions, where mounted, and whether this
// process may read them (and if not, how to get access). For a device picker and
// `sectorscope devices`.

import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { promisify } from 'node:util';
import { SectorscopeError, type DeviceInfo, type DevicePartition } from '../shared/contract';

const run = promisify(execFile);

const COLUMNS =
  'NAME,PATH,MODEL,SERIAL,SIZE,LOG-SEC,PHY-SEC,RM,ROTA,RO,TRAN,TYPE,MOUNTPOINTS,FSTYPE';

/** Device types a disk image can be taken from. */
const SOURCE_TYPES = new Set([
  'disk',
  'loop',
  'rom',
  'raid0',
  'raid1',
  'raid5',
  'raid6',
  'raid10',
  'crypt',
  'lvm',
  'dm',
]);

interface LsblkDevice {
  name: string;
  path: string;
  model: string | null;
  serial: string | null;
  size: number | string | null;
  'log-sec': number | null;
  'phy-sec': number | null;
  rm: boolean | string;
  rota: boolean | string;
  ro: boolean | string;
  tran: string | null;
  type: string;
  mountpoints: (string | null)[] | null;
  fstype: string | null;
  children?: LsblkDevice[];
}

const flag = (value: boolean | string) => value === true || value === '1';
const mounts = (device: LsblkDevice) =>
  (device.mountpoints ?? []).filter((mount): mount is string => typeof mount === 'string');
const trimmed = (text: string | null) => (text === null || text.trim() === '' ? null : text.trim());

async function readability(
  path: string,
): Promise<{ readable: boolean; permissionHint: string | null }> {
  try {
    await access(path, constants.R_OK);
    return { readable: true, permissionHint: null };
  } catch {
    return {
      readable: false,
      permissionHint:
        `No permission to read ${path}: add yourself to the \`disk\` group (sudo usermod -aG ` +
        'disk $USER, then log out and in again) or run Sectorscope with sudo. It is opened ' +
        'read-only either way.',
    };
  }
}

function partitionOf(device: LsblkDevice): DevicePartition {
  return {
    name: device.name,
    path: device.path,
    size: String(device.size ?? 0),
    fstype: trimmed(device.fstype),
    mountpoints: mounts(device),
  };
}

export async function listDevices(): Promise<DeviceInfo[]> {
  let output: string;
  try {
    ({ stdout: output } = await run('lsblk', ['--json', '--bytes', '--tree', '--output', COLUMNS]));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new SectorscopeError(
      'UNSUPPORTED',
      `Cannot list the block devices: lsblk (util-linux) did not run (${reason}).`,
    );
  }
  const tree = JSON.parse(output) as { blockdevices: LsblkDevice[] };
  const devices: DeviceInfo[] = [];
  for (const device of tree.blockdevices) {
    if (!SOURCE_TYPES.has(device.type) || Number(device.size ?? 0) === 0) continue;
    const partitions = (device.children ?? [])
      .filter((child) => child.type === 'part')
      .map(partitionOf);
    devices.push({
      name: device.name,
      path: device.path,
      model: trimmed(device.model),
      serial: trimmed(device.serial),
      size: String(device.size ?? 0),
      logicalSectorSize: device['log-sec'] ?? 512,
      physicalSectorSize: device['phy-sec'] ?? device['log-sec'] ?? 512,
      removable: flag(device.rm),
      rotational: flag(device.rota),
      readOnly: flag(device.ro),
      transport: trimmed(device.tran),
      type: device.type,
      partitions,
      mountpoints: [...mounts(device), ...partitions.flatMap((partition) => partition.mountpoints)],
      ...(await readability(device.path)),
    });
  }
  return devices;
}
