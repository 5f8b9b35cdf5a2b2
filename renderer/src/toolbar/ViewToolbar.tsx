import type { Ref } from 'react';
import type { CopyFormat } from '../../../electron/shared/copy-format';
import type { OffsetMode } from '../grid/format';
import type { JobMode } from '../jobs/JobDock';
import { keysOf } from '../keyboard/key-labels';
import { GotoField } from './GotoField';

const ROW_WIDTHS = [8, 16, 32] as const;

interface ViewToolbarProps {
  canGoBack: boolean;
  canGoForward: boolean;
  onBack: () => void;
  onForward: () => void;
  gotoInputRef: Ref<HTMLInputElement>;
  sectorSize: number;
  sizeBytes: bigint;
  onGo: (offset: bigint) => void;
  offsetMode: OffsetMode;
  onOffsetModeChange: (mode: OffsetMode) => void;
  bytesPerRow: number;
  onBytesPerRowChange: (bytesPerRow: number) => void;
  panels: boolean;
  onTogglePanels: () => void;
  onStartJob: (mode: JobMode) => void;
  onCopy: (format: CopyFormat) => void;
  onShowShortcuts: () => void;
}

/** History, go-to, layout of the grid, jobs, copy and the shortcut list. */
export function ViewToolbar(props: ViewToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label="View">
      <button
        type="button"
        onClick={props.onBack}
        disabled={!props.canGoBack}
        title={`Back (${keysOf('back')})`}
        aria-label="Back"
      >
        ◀
      </button>
      <button
        type="button"
        onClick={props.onForward}
        disabled={!props.canGoForward}
        title={`Forward (${keysOf('forward')})`}
        aria-label="Forward"
      >
        ▶
      </button>
      <GotoField
        inputRef={props.gotoInputRef}
        sectorSize={props.sectorSize}
        sizeBytes={props.sizeBytes}
        onGo={props.onGo}
      />
      <label className="select">
        Offsets
        <select
          value={props.offsetMode}
          onChange={(event) => props.onOffsetModeChange(event.target.value as OffsetMode)}
          aria-label="Offset column"
        >
          <option value="hex">hex byte offset</option>
          <option value="lba">LBA:offset</option>
          <option value="partition">partition LBA:offset</option>
        </select>
      </label>
      <label className="select">
        Bytes per row
        <select
          value={props.bytesPerRow}
          onChange={(event) => props.onBytesPerRowChange(Number(event.target.value))}
          aria-label="Bytes per row"
        >
          {ROW_WIDTHS.map((width) => (
            <option key={width} value={width}>
              {width}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={props.onTogglePanels} aria-pressed={props.panels}>
        Panels
      </button>
      <button type="button" onClick={() => props.onStartJob('hash')}>
        Hash
      </button>
      <button
        type="button"
        onClick={() => props.onStartJob('search')}
        title={`Search (${keysOf('search')}; ${keysOf('nextHit')} next hit)`}
      >
        Search
      </button>
      <button type="button" onClick={() => props.onStartJob('export')}>
        Export
      </button>
      <label className="select">
        <select
          aria-label="Copy selection as"
          value=""
          onChange={(event) => {
            if (event.target.value) props.onCopy(event.target.value as CopyFormat);
          }}
        >
          <option value="">selection as…</option>
          <option value="hex">hex</option>
          <option value="c">C array</option>
          <option value="base64">Base64</option>
        </select>
      </label>
      <button
        type="button"
        className="toolbar-help"
        onClick={props.onShowShortcuts}
        title={`Keyboard shortcuts (${keysOf('showHelp')})`}
        aria-label="Keyboard shortcuts"
      >
        ?
      </button>
    </div>
  );
}
