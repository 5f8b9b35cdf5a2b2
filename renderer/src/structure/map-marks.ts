import { xOfLba, type MapSegment } from './map-segments';

/**
 * A range of the disk marked on the map: a search hit, a file's extent, a bookmark. Marks of one
 * kind share a lane along the bar's bottom edge and a colour (`.map-mark-KIND` in styles.css,
 * or `color`).
 */
export interface MapMark {
  /** First and last LBA, inclusive. */
  start: bigint;
  end: bigint;
  kind: string;
  /** Names the mark in its tooltip. */
  label: string;
  /** A CSS colour instead of the kind's (or a background: stripes). */
  color?: string;
  /** Drawn over the bar's full height, under the lanes, instead of in a lane (volume slack). */
  region?: boolean;
  /** Written inside a region wide enough for it. */
  text?: string;
}

/** Marks as drawn: those that touch on screen merge into one, which counts them. */
export interface DrawnMark {
  kind: string;
  lane: number;
  x: number;
  width: number;
  /** The first of the marks merged into this one (a click goes there). */
  first: MapMark;
  count: number;
  label: string;
  color?: string;
  region: boolean;
  text?: string;
}

/**
 * Where the marks go on a map laid out as `segments`: each at least `minWidth` pixels wide, those
 * of a kind that overlap or touch on screen merged (a search with 100,000 hits draws at most one
 * mark per pixel), one lane per kind in order of first appearance (regions take none).
 */
export function layoutMarks(
  marks: readonly MapMark[],
  segments: readonly MapSegment[],
  minWidth = 2,
): DrawnMark[] {
  const lanes = new Map<string, number>();
  const placed = marks.map((mark) => {
    if (!mark.region && !lanes.has(mark.kind)) lanes.set(mark.kind, lanes.size);
    const x = xOfLba(segments, mark.start);
    const end = Math.max(x + minWidth, xOfLba(segments, mark.end));
    return { mark, x, end };
  });
  placed.sort((a, b) => a.x - b.x);
  const open = new Map<string, DrawnMark & { end: number }>();
  const drawn: DrawnMark[] = [];
  const close = (mark: DrawnMark & { end: number }) => {
    const { end, ...rest } = mark;
    const width = end - rest.x;
    drawn.push({
      ...rest,
      width,
      label: rest.count === 1 ? rest.label : `${rest.label} and ${rest.count - 1} more`,
    });
  };
  for (const { mark, x, end } of placed) {
    const current = open.get(mark.kind);
    if (current && x <= current.end && current.color === mark.color) {
      current.end = Math.max(current.end, end);
      current.count++;
      continue;
    }
    if (current) close(current);
    open.set(mark.kind, {
      kind: mark.kind,
      lane: lanes.get(mark.kind) ?? 0,
      x,
      width: 0,
      end,
      first: mark,
      count: 1,
      label: mark.label,
      color: mark.color,
      region: mark.region ?? false,
      text: mark.text,
    });
  }
  for (const mark of open.values()) close(mark);
  return drawn;
}
