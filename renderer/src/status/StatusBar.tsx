import { memo } from 'react';
import type { DiskGeometry } from '../../../electron/shared/contract';
import { humanBytes } from '../grid/format';
import type { ByteRange } from '../grid/HexRow';

interface StatusBarProps {
  geometry: DiskGeometry;
  cursor: bigint;
  selection: ByteRange | null;
}

export const StatusBar = memo(function StatusBar({ geometry, cursor, selection }: StatusBarProps) {
  const size = BigInt(geometry.size);
  const sector = BigInt(geometry.logicalSectorSize);
  return (
    <footer className="status-bar" aria-label="Disk status">
      <span className="badge badge-ro" title="Opened O_RDONLY: nothing can be written">
        read-only
      </span>
      <span
        className={`badge ${geometry.directIO ? 'badge-direct' : 'badge-cached'}`}
        title={
          geometry.directIO
            ? 'Reads bypass the page cache'
            : 'This filesystem refused O_DIRECT: reads go through the page cache'
        }
      >
        O_DIRECT {geometry.directIO ? 'on' : 'off'}
      </span>
      <span data-testid="status-path" className="status-path">
        {geometry.path}
      </span>
      <span data-testid="status-kind">
        {geometry.kind === 'block' ? 'block device' : 'image file'}
      </span>
      <span data-testid="status-size">
        {geometry.size} bytes ({humanBytes(size)}) · {geometry.sectorCount} sectors
      </span>
      <span data-testid="status-sectors">
        logical {geometry.logicalSectorSize} B · physical {geometry.physicalSectorSize} B
      </span>
      {selection ? (
        <span data-testid="status-selection">
          selection {(selection.end - selection.start).toString()} bytes from 0x
          {selection.start.toString(16).toUpperCase()}
        </span>
      ) : null}
      <span className="legend" aria-label="Byte colours">
        <span className="b-zero" title="zero byte">
          00
        </span>
        <span className="b-ascii" title="printable ASCII">
          41
        </span>
        <span className="b-other" title="other byte">
          F3
        </span>
        <span className="b-unreadable" title="unreadable sector">
          ??
        </span>
      </span>
      <span data-testid="status-cursor" className="status-cursor">
        cursor 0x{cursor.toString(16).toUpperCase()} · LBA {(cursor / sector).toString()} +{' '}
        {(cursor % sector).toString()}
      </span>
    </footer>
  );
});
