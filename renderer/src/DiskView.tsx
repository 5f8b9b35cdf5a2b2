import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DiskApi, OpenResult } from '../../electron/shared/contract';
import { PageStore } from './disk/page-store';
import type { OffsetMode } from './grid/format';
import { HexGrid, type HexGridHandle } from './grid/HexGrid';
import { JumpHistory } from './nav/jump-history';
import { StatusBar } from './status/StatusBar';
import { GotoField } from './toolbar/GotoField';

interface DiskViewProps {
  api: DiskApi;
  disk: OpenResult;
}

const ROW_WIDTHS = [8, 16, 32] as const;

/** One open disk: toolbar, grid and status bar, with the cursor and jump history. */
export function DiskView({ api, disk }: DiskViewProps) {
  const { geometry } = disk;
  const sizeBytes = BigInt(geometry.size);
  const store = useMemo(
    () => new PageStore(api, disk.session, geometry),
    [api, disk.session, geometry],
  );
  useEffect(() => () => store.dispose(), [store]);

  const [cursor, setCursor] = useState(0n);
  const [bytesPerRow, setBytesPerRow] = useState<number>(16);
  const [offsetMode, setOffsetMode] = useState<OffsetMode>('hex');
  const history = useRef(new JumpHistory());
  const [canGo, setCanGo] = useState({ back: false, forward: false });
  const refreshHistory = useCallback(
    () => setCanGo({ back: history.current.canBack, forward: history.current.canForward }),
    [],
  );
  const grid = useRef<HexGridHandle>(null);
  const gotoInput = useRef<HTMLInputElement>(null);
  const cursorRef = useRef(cursor);
  useLayoutEffect(() => {
    cursorRef.current = cursor;
  }, [cursor]);

  const land = useCallback((offset: bigint) => {
    setCursor(offset);
    grid.current?.showOffsetAtTop(offset);
  }, []);

  const jump = useCallback(
    (offset: bigint) => {
      history.current.push(cursorRef.current, offset);
      refreshHistory();
      land(offset);
      grid.current?.focus();
    },
    [land, refreshHistory],
  );

  const goBack = useCallback(() => {
    const offset = history.current.back();
    if (offset !== null) land(offset);
    refreshHistory();
  }, [land, refreshHistory]);

  const goForward = useCallback(() => {
    const offset = history.current.forward();
    if (offset !== null) land(offset);
    refreshHistory();
  }, [land, refreshHistory]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'g') {
        event.preventDefault();
        gotoInput.current?.focus();
        gotoInput.current?.select();
      } else if (event.altKey && event.key === 'ArrowLeft') {
        event.preventDefault();
        goBack();
      } else if (event.altKey && event.key === 'ArrowRight') {
        event.preventDefault();
        goForward();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [goBack, goForward]);

  return (
    <div className="disk-view">
      <div className="toolbar" role="toolbar" aria-label="View">
        <button
          type="button"
          onClick={goBack}
          disabled={!canGo.back}
          title="Back (Alt+Left)"
          aria-label="Back"
        >
          ◀
        </button>
        <button
          type="button"
          onClick={goForward}
          disabled={!canGo.forward}
          title="Forward (Alt+Right)"
          aria-label="Forward"
        >
          ▶
        </button>
        <GotoField
          inputRef={gotoInput}
          sectorSize={geometry.logicalSectorSize}
          sizeBytes={sizeBytes}
          onGo={jump}
        />
        <label className="select">
          Offsets
          <select
            value={offsetMode}
            onChange={(e) => setOffsetMode(e.target.value as OffsetMode)}
            aria-label="Offset column"
          >
            <option value="hex">hex byte offset</option>
            <option value="lba">LBA:offset</option>
          </select>
        </label>
        <label className="select">
          Bytes per row
          <select
            value={bytesPerRow}
            onChange={(e) => setBytesPerRow(Number(e.target.value))}
            aria-label="Bytes per row"
          >
            {ROW_WIDTHS.map((width) => (
              <option key={width} value={width}>
                {width}
              </option>
            ))}
          </select>
        </label>
        <span className="legend" aria-label="Byte colours">
          <span className="b-zero">00 zero</span> <span className="b-ascii">41 text</span>{' '}
          <span className="b-other">F3 other</span>{' '}
          <span className="b-unreadable">?? unreadable</span>
        </span>
      </div>
      <HexGrid
        ref={grid}
        store={store}
        sizeBytes={sizeBytes}
        sectorSize={geometry.logicalSectorSize}
        bytesPerRow={bytesPerRow}
        offsetMode={offsetMode}
        cursor={cursor}
        onCursorChange={setCursor}
      />
      <StatusBar geometry={geometry} cursor={cursor} />
    </div>
  );
}
