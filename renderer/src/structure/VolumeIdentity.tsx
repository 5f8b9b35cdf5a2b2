import { formatBytes } from '../../../electron/shared/disk';
import type { FoundVolume } from './volume-at';
import './volumes.css';

/** Where the volume lies, in words. */
function placeText(volume: FoundVolume): string {
  switch (volume.where) {
    case 'partition':
      return `partition ${volume.partitionIndex}, LBA ${volume.start}–${volume.end}`;
    case 'gap':
      return `unallocated space from LBA ${volume.start}, in no partition (deleted or lost)`;
    case 'disk':
      return 'the whole disk, no partition table';
  }
}

/**
 * A volume no template shows (UDF, HFS+, APFS, F2FS, swap, BitLocker, LVM, md RAID): what blkid
 * says of it, and its size by its own header.
 */
export function VolumeIdentity({ volume }: { volume: FoundVolume }) {
  const fs = volume.filesystem;
  const rows: [string, string][] = [
    ['Name', fs.name],
    ['Type', fs.type],
    ['Usage', fs.usage],
    ['Label', fs.label ?? '(none)'],
    ['UUID', fs.uuid ?? '(none)'],
    [
      'Size',
      fs.size === null
        ? 'not recorded in its header'
        : `${formatBytes(BigInt(fs.size))} (${fs.size} bytes, to LBA ${volume.sizeEnd})`,
    ],
    ['Where', placeText(volume)],
  ];
  if (fs.otherSignatures?.length) rows.push(['Also signed', fs.otherSignatures.join(', ')]);
  return (
    <div className="volume-identity" aria-label="Volume identity">
      <p className="volume-identity-note">
        No template for {fs.name}: its identity, as blkid reads it.
      </p>
      <table className="fields-table">
        <tbody>
          {rows.map(([name, value]) => (
            <tr key={name} data-field={name}>
              <td className="field-name">{name}</td>
              <td className="field-value">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
