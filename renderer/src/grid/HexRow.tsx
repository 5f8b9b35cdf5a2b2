import type { ReactElement } from 'react';
import type { RowComponentProps } from 'react-window';
import type { Page } from '../disk/page-store';
import { asciiChar, byteClass, formatOffset, HEX_BYTE, type OffsetMode } from './format';

export interface HexRowProps {
  windowStart: bigint;
  bytesPerRow: number;
  sectorSize: number;
  sizeBytes: bigint;
  offsetMode: OffsetMode;
  cursor: bigint;
  pageBytes: number;
  pageAt: (offset: bigint) => Page | undefined;
  /** Changes whenever a page arrives, so rows re-render. */
  version: number;
  onSelectByte: (offset: bigint) => void;
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

export function HexRow(props: RowComponentProps<HexRowProps>): ReactElement {
  const { index, style, windowStart, bytesPerRow, sectorSize, sizeBytes, cursor, pageBytes } =
    props;
  const rowOffset = (windowStart + BigInt(index)) * BigInt(bytesPerRow);
  const page = props.pageAt(rowOffset);
  const sectorStart = rowOffset % BigInt(sectorSize) === 0n;
  const hex: ReactElement[] = [];
  const ascii: ReactElement[] = [];

  for (let i = 0; i < bytesPerRow; i++) {
    const offset = rowOffset + BigInt(i);
    if (offset >= sizeBytes) break;
    const state = cellState(page, offset, pageBytes, sectorSize);
    const isCursor = offset === cursor;
    const gap = i > 0 && i % 8 === 0 ? ' gap' : '';
    const select = () => props.onSelectByte(offset);
    if (state.kind === 'byte') {
      const cls = `cell b-${byteClass(state.value)}${isCursor ? ' cursor' : ''}`;
      hex.push(
        <span key={i} role="gridcell" className={cls + gap} onMouseDown={select}>
          {HEX_BYTE[state.value]}
        </span>,
      );
      ascii.push(
        <span key={i} className={cls} onMouseDown={select}>
          {asciiChar(state.value)}
        </span>,
      );
    } else {
      const cls = `cell b-${state.kind}${isCursor ? ' cursor' : ''}`;
      const title = state.kind === 'unreadable' ? state.why : 'loading';
      hex.push(
        <span
          key={i}
          role="gridcell"
          className={cls + gap}
          title={title}
          data-state={state.kind}
          onMouseDown={select}
        >
          {state.kind === 'unreadable' ? '??' : '··'}
        </span>,
      );
      ascii.push(
        <span key={i} className={cls} title={title} onMouseDown={select}>
          {state.kind === 'unreadable' ? '?' : ' '}
        </span>,
      );
    }
  }

  return (
    <div
      role="row"
      style={style}
      className={`hex-row${sectorStart ? ' sector-start' : ''}`}
      data-offset={rowOffset.toString()}
    >
      <span role="rowheader" className="offset">
        {formatOffset(rowOffset, props.offsetMode, sectorSize)}
      </span>
      <span className="hex-pane">{hex}</span>
      <span className="ascii-pane">{ascii}</span>
      {sectorStart ? (
        <span className="lba-label">LBA {(rowOffset / BigInt(sectorSize)).toString()}</span>
      ) : null}
    </div>
  );
}
