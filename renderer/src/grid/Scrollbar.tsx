import { useRef, type PointerEvent } from 'react';
import { fractionToRow, rowToFraction } from './scroll-window';

interface ScrollbarProps {
  /** Height of the track in pixels (the grid's viewport). */
  height: number;
  topRow: bigint;
  maxTop: bigint;
  viewportRows: number;
  totalRows: bigint;
  onScrollTo: (row: bigint) => void;
}

const MIN_THUMB = 28;

/** The whole disk's scrollbar: a proportional thumb over a bigint position, dragged or clicked. */
export function Scrollbar({
  height,
  topRow,
  maxTop,
  viewportRows,
  totalRows,
  onScrollTo,
}: ScrollbarProps) {
  const trackRef = useRef<HTMLDivElement>(null);
  const grab = useRef<number | null>(null);
  const trackHeight = height;
  const visibleShare = totalRows === 0n ? 1 : Math.min(1, viewportRows / Number(totalRows));
  const thumbHeight = Math.max(MIN_THUMB, Math.round(trackHeight * visibleShare));
  const travel = Math.max(0, trackHeight - thumbHeight);
  const thumbTop = Math.round(rowToFraction(topRow, maxTop) * travel);

  const rowAt = (clientY: number, grabOffset: number): bigint => {
    const rect = trackRef.current?.getBoundingClientRect();
    if (!rect || travel === 0) return 0n;
    return fractionToRow((clientY - rect.top - grabOffset) / travel, maxTop);
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const rect = trackRef.current?.getBoundingClientRect();
    if (!rect) return;
    const y = event.clientY - rect.top;
    const onThumb = y >= thumbTop && y <= thumbTop + thumbHeight;
    grab.current = onThumb ? y - thumbTop : thumbHeight / 2;
    event.currentTarget.setPointerCapture(event.pointerId);
    onScrollTo(rowAt(event.clientY, grab.current));
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (grab.current !== null) onScrollTo(rowAt(event.clientY, grab.current));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    grab.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
  };

  return (
    <div
      className="disk-scrollbar"
      ref={trackRef}
      role="scrollbar"
      aria-label="Position in disk"
      aria-orientation="vertical"
      aria-controls="hex-grid"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(rowToFraction(topRow, maxTop) * 100)}
      data-top-row={topRow.toString()}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
    >
      <div className="disk-scrollbar-thumb" style={{ top: thumbTop, height: thumbHeight }} />
    </div>
  );
}
