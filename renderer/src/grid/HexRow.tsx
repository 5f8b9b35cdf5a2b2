import { memo, type MouseEvent, type ReactElement } from 'react';
import type { DecodedField } from '../../../electron/shared/disk';
import type { Page, PageState } from '../disk/page-store';
import { fieldAt } from '../structure/decode-structure';
import { AsciiPane } from './AsciiPane';
import type { Pane } from './grid-pointer';
import type { AsciiCell } from './ascii-layers';
import { useGridModel, type GridModel } from './grid-model';
import { ROW_HEIGHT } from './scroll-window';
import type { SlotRowProps } from './SlotList';
import {
  asciiChar,
  byteClass,
  formatOffset,
  HEX_BYTE,
  type OffsetMode,
  type PartitionSpan,
} from './format';

export interface ByteRange {
  start: bigint;
  /** Exclusive. */
  end: bigint;
}

export interface HexRowProps {
  model: GridModel;
}

export interface HexRowData {
  windowStart: bigint;
  bytesPerRow: number;
  sectorSize: number;
  sizeBytes: bigint;
  offsetMode: OffsetMode;
  partitions: readonly PartitionSpan[];
  cursor: bigint;
  selection: ByteRange | null;
  /** Fields of the structure under view, sorted by start; coloured on the bytes. */
  fields: readonly DecodedField[];
  pageBytes: number;
  pageStateAt: (offset: bigint) => PageState;
  /** Changes whenever a page arrives, so rows re-render. */
  version: number;
  /** A byte was pressed with the mouse; `extend` with Shift. */
  onPressByte: (offset: bigint, pane: Pane, extend: boolean) => void;
}

type CellState =
  | { kind: 'byte'; value: number }
  | { kind: 'loading' }
  | { kind: 'not-loaded'; why: string }
  | { kind: 'unreadable'; why: string }
  /** After the last byte of an image whose last sector is partial: no byte at all, not a zero. */
  | { kind: 'past-end'; why: string };

/** What the row's page is: its bytes, or why there are none (yet). */
type RowState = 'loaded' | 'loading' | 'not-loaded';

/** What a row needs to know per byte, worked out once per row so the loop over bytes is plain
 * number arithmetic: a row re-renders on every jump, for every byte on screen. */
interface RowFacts {
  state: PageState;
  page: Page | undefined;
  /** Index in page.data of the row's first byte. */
  pageIndex: number;
  /** Bytes of the row that lie on the disk's sectors; those from `dataLength` on are past its end. */
  length: number;
  dataLength: number;
  /** The tooltip of bytes past the end, when the row has any. */
  pastEndWhy: string | null;
  cursorIndex: number;
  selectionStart: number;
  selectionEnd: number;
  /** Index into `fields` per byte, or -1. */
  fieldIndexes: Int32Array | null;
}

function rowFacts(props: HexRowData, rowOffset: bigint): RowFacts {
  const { bytesPerRow, sizeBytes, sectorSize, cursor, selection, fields, pageBytes } = props;
  const rowEnd = rowOffset + BigInt(bytesPerRow);
  const index = (offset: bigint) =>
    offset <= rowOffset ? 0 : offset >= rowEnd ? bytesPerRow : Number(offset - rowOffset);
  let fieldIndexes: Int32Array | null = null;
  const first = fields.length > 0 ? fieldAt(fields, rowOffset) : -1;
  for (let f = first >= 0 ? first : 0; f < fields.length; f++) {
    const field = fields[f] as DecodedField;
    if (field.start >= rowEnd) break;
    if (field.end <= rowOffset) continue;
    fieldIndexes ??= new Int32Array(bytesPerRow).fill(-1);
    fieldIndexes.fill(f, index(field.start), index(field.end));
  }
  // A partial last sector is shown whole: its missing bytes as past the end.
  const sectorBytes = BigInt(sectorSize);
  const shownEnd = ((sizeBytes + sectorBytes - 1n) / sectorBytes) * sectorBytes;
  const dataLength = index(sizeBytes);
  const length = index(shownEnd);
  const state = props.pageStateAt(rowOffset < sizeBytes ? rowOffset : sizeBytes - 1n);
  return {
    state,
    page: state.kind === 'loaded' ? state.page : undefined,
    pageIndex: Number(rowOffset % BigInt(pageBytes)),
    length,
    dataLength,
    pastEndWhy: length > dataLength ? pastEndText(sizeBytes, sectorSize) : null,
    cursorIndex: cursor >= rowOffset && cursor < rowEnd ? Number(cursor - rowOffset) : -1,
    selectionStart: selection ? index(selection.start) : 0,
    selectionEnd: selection ? index(selection.end) : 0,
    fieldIndexes,
  };
}

/** Why the last sector shows fewer bytes than it has. */
function pastEndText(sizeBytes: bigint, sectorSize: number): string {
  const lastLba = sizeBytes / BigInt(sectorSize);
  const held = sizeBytes % BigInt(sectorSize);
  return `Past the end: the image ends at byte ${sizeBytes}, so its last sector, LBA ${lastLba}, holds ${held} of ${sectorSize} bytes. The rest does not exist (it is not zeros), and no read, hash or export includes it.`;
}

function cellState(facts: RowFacts, i: number, rowOffset: bigint, sectorSize: number): CellState {
  const { state, page } = facts;
  if (facts.pastEndWhy !== null && i >= facts.dataLength) {
    return { kind: 'past-end', why: facts.pastEndWhy };
  }
  if (state.kind === 'not-loaded') return { kind: 'not-loaded', why: state.why.message };
  if (!page) return { kind: 'loading' };
  // Only the disk's own read errors are unreadable: a sector its reply lists.
  if (page.unreadable.size > 0) {
    const lba = ((rowOffset + BigInt(i)) / BigInt(sectorSize)).toString();
    const reason = page.unreadable.get(lba);
    if (reason !== undefined) {
      return { kind: 'unreadable', why: `LBA ${lba} could not be read: ${reason}` };
    }
  }
  const value = page.data[facts.pageIndex + i];
  return value === undefined ? { kind: 'loading' } : { kind: 'byte', value };
}

const HEX_TEXT: Record<Exclude<CellState['kind'], 'byte'>, string> = {
  loading: '··',
  'not-loaded': '--',
  unreadable: '??',
  'past-end': '××',
};

/** Where a row sits: translated, not placed by top, so that moving it lays nothing else out. */
function rowStyle(top: number) {
  return {
    position: 'absolute',
    left: 0,
    top: 0,
    width: '100%',
    height: ROW_HEIGHT,
    transform: `translateY(${top}px)`,
  } as const;
}

export const HexRow = memo(function HexRow({
  index,
  top,
  rowProps,
}: SlotRowProps<HexRowProps>): ReactElement {
  const props = useGridModel(rowProps.model);
  const { windowStart, bytesPerRow, sectorSize, fields } = props;
  const rowOffset = (windowStart + BigInt(index)) * BigInt(bytesPerRow);
  const facts = rowFacts(props, rowOffset);
  const sectorStart = rowOffset % BigInt(sectorSize) === 0n;
  const hex: ReactElement[] = [];
  const ascii: AsciiCell[] = [];

  for (let i = 0; i < facts.length; i++) {
    const state = cellState(facts, i, rowOffset, sectorSize);
    const fieldIndex = facts.fieldIndexes?.[i] ?? -1;
    const field = fieldIndex >= 0 ? fields[fieldIndex] : undefined;
    const selected = i >= facts.selectionStart && i < facts.selectionEnd;
    const atCursor = i === facts.cursorIndex;
    const classes =
      `cell b-${state.kind === 'byte' ? byteClass(state.value) : state.kind}` +
      (field ? ` f f-c${fieldIndex % 6}` : '') +
      (selected ? ' sel' : '') +
      (atCursor ? ' cursor' : '');
    const title =
      state.kind === 'unreadable' || state.kind === 'not-loaded' || state.kind === 'past-end'
        ? state.why
        : state.kind === 'loading'
          ? 'loading'
          : field
            ? `${field.name}: ${field.display}`
            : undefined;
    const hexText = state.kind === 'byte' ? HEX_BYTE[state.value] : HEX_TEXT[state.kind];
    const asciiText =
      state.kind === 'byte'
        ? asciiChar(state.value)
        : state.kind === 'unreadable'
          ? '?'
          : state.kind === 'past-end'
            ? '×'
            : ' ';
    hex.push(
      <span
        key={i}
        role="gridcell"
        className={classes + (i > 0 && i % 8 === 0 ? ' gap' : '')}
        title={title}
        data-state={state.kind === 'byte' ? undefined : state.kind}
      >
        {hexText}
      </span>,
    );
    const marked =
      state.kind === 'unreadable' ||
      state.kind === 'past-end' ||
      field !== undefined ||
      selected ||
      atCursor;
    ascii.push({ text: asciiText, classes, marked });
  }
  const pressHex = (event: MouseEvent<HTMLSpanElement>) => {
    if (event.button !== 0) return;
    const cell = (event.target as Element).closest('[role="gridcell"]');
    const at = cell ? Array.prototype.indexOf.call(event.currentTarget.children, cell) : -1;
    if (at >= 0) props.onPressByte(rowOffset + BigInt(at), 'hex', event.shiftKey);
  };
  const rowState: RowState =
    facts.state.kind === 'loaded'
      ? 'loaded'
      : facts.state.kind === 'loading'
        ? 'loading'
        : 'not-loaded';

  return (
    <div
      role="row"
      style={rowStyle(top)}
      className={`hex-row${sectorStart ? ' sector-start' : ''}${rowState === 'loaded' ? '' : ` row-${rowState}`}`}
      data-offset={rowOffset.toString()}
      data-state={rowState === 'loaded' ? undefined : rowState}
      aria-busy={rowState === 'loading' ? true : undefined}
    >
      <span role="rowheader" className="offset">
        {formatOffset(rowOffset, props.offsetMode, sectorSize, props.partitions)}
      </span>
      <span className="hex-pane" onMouseDown={pressHex}>
        {hex}
      </span>
      <AsciiPane
        cells={ascii}
        bytesPerRow={bytesPerRow}
        onPress={(index, extend) => props.onPressByte(rowOffset + BigInt(index), 'ascii', extend)}
      />
      {sectorStart ? (
        <span className="lba-label">LBA {(rowOffset / BigInt(sectorSize)).toString()}</span>
      ) : null}
    </div>
  );
});
