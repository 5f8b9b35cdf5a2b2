import type { ReactElement } from 'react';
import type { RowComponentProps } from 'react-window';
import type { DecodedField } from '../../../electron/shared/disk';
import type { Page } from '../disk/page-store';
import { fieldAt } from '../structure/decode-structure';
import { useGridModel, type GridModel } from './grid-model';
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
  pageAt: (offset: bigint) => Page | undefined;
  /** Changes whenever a page arrives, so rows re-render. */
  version: number;
  onSelectByte: (offset: bigint, extend: boolean) => void;
}

type CellState =
  { kind: 'byte'; value: number } | { kind: 'loading' } | { kind: 'unreadable'; why: string };

function cellState(
  page: Page | undefined,
  offset: bigint,
  pageBytes: number,
  sectorSize: number,
): CellState {
  if (!page) return { kind: 'loading' };
  const lba = (offset / BigInt(sectorSize)).toString();
  if (page.unreadable.has(lba)) {
    return { kind: 'unreadable', why: page.error ?? `LBA ${lba} could not be read (I/O error)` };
  }
  const value = page.data[Number(offset % BigInt(pageBytes))];
  return value === undefined ? { kind: 'loading' } : { kind: 'byte', value };
}

export function HexRow({ index, style, model }: RowComponentProps<HexRowProps>): ReactElement {
  const props = useGridModel(model);
  const { windowStart, bytesPerRow, sectorSize, sizeBytes, cursor, pageBytes } = props;
  const { selection, fields } = props;
  const rowOffset = (windowStart + BigInt(index)) * BigInt(bytesPerRow);
  const page = props.pageAt(rowOffset);
  const sectorStart = rowOffset % BigInt(sectorSize) === 0n;
  const hex: ReactElement[] = [];
  // The ASCII pane is drawn as runs of equally styled characters: far fewer elements to lay
  // out and paint than one per byte.
  const asciiRuns: { className: string; title: string | undefined; text: string; first: bigint }[] =
    [];

  for (let i = 0; i < bytesPerRow; i++) {
    const offset = rowOffset + BigInt(i);
    if (offset >= sizeBytes) break;
    const state = cellState(page, offset, pageBytes, sectorSize);
    const fieldIndex = fields.length > 0 ? fieldAt(fields, offset) : -1;
    const field = fieldIndex >= 0 ? fields[fieldIndex] : undefined;
    const selected = selection !== null && offset >= selection.start && offset < selection.end;
    const classes =
      `cell b-${state.kind === 'byte' ? byteClass(state.value) : state.kind}` +
      (field ? ` f f-c${fieldIndex % 6}` : '') +
      (selected ? ' sel' : '') +
      (offset === cursor ? ' cursor' : '');
    const title =
      state.kind === 'unreadable'
        ? state.why
        : state.kind === 'loading'
          ? 'loading'
          : field
            ? `${field.name}: ${field.display}`
            : undefined;
    const select = (event: { shiftKey: boolean }) => props.onSelectByte(offset, event.shiftKey);
    const hexText =
      state.kind === 'byte' ? HEX_BYTE[state.value] : state.kind === 'unreadable' ? '??' : '··';
    const asciiText =
      state.kind === 'byte' ? asciiChar(state.value) : state.kind === 'unreadable' ? '?' : ' ';
    hex.push(
      <span
        key={i}
        role="gridcell"
        className={classes + (i > 0 && i % 8 === 0 ? ' gap' : '')}
        title={title}
        data-state={state.kind === 'byte' ? undefined : state.kind}
        onMouseDown={select}
      >
        {hexText}
      </span>,
    );
    const run = asciiRuns.at(-1);
    if (run && run.className === classes && run.title === title) run.text += asciiText;
    else asciiRuns.push({ className: classes, title, text: asciiText, first: offset });
  }

  return (
    <div
      role="row"
      style={style}
      className={`hex-row${sectorStart ? ' sector-start' : ''}`}
      data-offset={rowOffset.toString()}
    >
      <span role="rowheader" className="offset">
        {formatOffset(rowOffset, props.offsetMode, sectorSize, props.partitions)}
      </span>
      <span className="hex-pane">{hex}</span>
      <span className="ascii-pane">
        {asciiRuns.map((run) => (
          <span
            key={run.first.toString()}
            className={run.className}
            title={run.title}
            onMouseDown={(event) => {
              const box = event.currentTarget.getBoundingClientRect();
              const width = box.width / run.text.length;
              const index = Math.min(
                run.text.length - 1,
                Math.floor((event.clientX - box.left) / width),
              );
              props.onSelectByte(run.first + BigInt(Math.max(0, index)), event.shiftKey);
            }}
          >
            {run.text}
          </span>
        ))}
      </span>
      {sectorStart ? (
        <span className="lba-label">LBA {(rowOffset / BigInt(sectorSize)).toString()}</span>
      ) : null}
    </div>
  );
}
