import type { Ref } from 'react';
import { CLIPBOARD_FORMATS, type ClipboardFormat } from '../clipboard/clipboard-format';
import type { OffsetMode } from '../grid/format';
import type { ByteRange } from '../grid/HexRow';
import { ROW_WIDTHS, type RowWidth } from '../grid/row-fit';
import type { JobMode } from '../jobs/JobDock';
import { keysOf } from '../keyboard/key-labels';
import type { GotoContext } from '../nav/goto-language';
import { GotoField } from './GotoField';

interface ViewToolbarProps {
  canGoBack: boolean;
  canGoForward: boolean;
  onBack: () => void;
  onForward: () => void;
  gotoInputRef: Ref<HTMLInputElement>;
  gotoContext: GotoContext;
  onGo: (offset: bigint, selection: ByteRange | null) => void;
  offsetMode: OffsetMode;
  onOffsetModeChange: (mode: OffsetMode) => void;
  rowWidth: RowWidth;
  /** Bytes per row in use, which "fit to width" names. */
  bytesPerRow: number;
  onRowWidthChange: (width: RowWidth) => void;
  panels: boolean;
  onTogglePanels: () => void;
  onStartJob: (mode: JobMode) => void;
  copyFormat: ClipboardFormat;
  onCopyFormatChange: (format: ClipboardFormat) => void;
  onCopy: () => void;
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
      <GotoField inputRef={props.gotoInputRef} context={props.gotoContext} onGo={props.onGo} />
      <label className="select">
        Offsets
        <select
          value={props.offsetMode}
          onChange={(event) => props.onOffsetModeChange(event.target.value as OffsetMode)}
          aria-label="Offset column"
        >
          <option value="hex" title="The byte offset, in hex">
            hex
          </option>
          <option value="lba" title="LBA and the offset in its sector">
            LBA:offset
          </option>
          <option value="partition" title="Partition N, its LBA and the offset in its sector">
            pN+LBA:offset
          </option>
        </select>
      </label>
      <label className="select">
        Bytes per row
        <select
          value={props.rowWidth}
          onChange={(event) =>
            props.onRowWidthChange(
              event.target.value === 'fit' ? 'fit' : (Number(event.target.value) as RowWidth),
            )
          }
          aria-label="Bytes per row"
        >
          {ROW_WIDTHS.map((width) => (
            <option key={width} value={width}>
              {width}
            </option>
          ))}
          <option value="fit" title="The widest row that fits the window">
            fit{props.rowWidth === 'fit' ? ` (${props.bytesPerRow})` : ''}
          </option>
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
      <button
        type="button"
        onClick={props.onCopy}
        title={`Copy the selection (${keysOf('copy')} in the grid)`}
      >
        Copy
      </button>
      <label className="select">
        <select
          aria-label="Copy format"
          value={props.copyFormat}
          onChange={(event) => props.onCopyFormatChange(event.target.value as ClipboardFormat)}
        >
          {CLIPBOARD_FORMATS.map(({ format, label }) => (
            <option key={format} value={format}>
              {label}
            </option>
          ))}
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
