import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { clamp } from './dock-layout';

interface SplitterProps {
  /** 'vertical': a bar between columns, dragged sideways; 'horizontal': between stacked areas. */
  orientation: 'vertical' | 'horizontal';
  /** What it resizes, for assistive tech: "Resize the left panels". */
  label: string;
  value: number;
  min: number;
  max: number;
  /** 'px' for a size in pixels; 'share' for a fraction of a container `scale` pixels long. */
  unit?: 'px' | 'share';
  scale?: number;
  /** 1 when dragging right (or down) grows the value, -1 when it shrinks it. */
  direction: 1 | -1;
  onChange: (value: number) => void;
  /** Double-click: the default size again. */
  onReset?: () => void;
}

const STEP_PX = 16;
const BIG_STEP_PX = 64;

/**
 * A bar between two areas that resizes one of them: drag it, or focus it and use the arrow keys
 * (Shift for bigger steps, Home and End for the limits), as the ARIA window-splitter pattern says.
 */
export function Splitter(props: SplitterProps) {
  const { orientation, value, min, max, direction, onChange } = props;
  const share = props.unit === 'share';
  const scale = share ? (props.scale ?? 0) : 1;
  const drag = useRef<{ pointer: number; from: number; value: number } | null>(null);
  const along = (event: PointerEvent) =>
    orientation === 'vertical' ? event.clientX : event.clientY;

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus({ preventScroll: true });
    drag.current = { pointer: event.pointerId, from: along(event), value };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start || start.pointer !== event.pointerId || scale <= 0) return;
    onChange(clamp(start.value + (direction * (along(event) - start.from)) / scale, min, max));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current?.pointer !== event.pointerId) return;
    drag.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const back = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
    const forth = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
    if (scale <= 0) return;
    const step = (event.shiftKey ? BIG_STEP_PX : STEP_PX) / scale;
    let next: number | null = null;
    if (event.key === back) next = value - direction * step;
    else if (event.key === forth) next = value + direction * step;
    else if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    if (next === null) return;
    event.preventDefault();
    onChange(clamp(next, min, max));
  };

  const shown = (v: number) => Math.round(share ? v * 100 : v);
  return (
    <div
      role="separator"
      aria-orientation={orientation}
      aria-label={props.label}
      aria-valuenow={shown(value)}
      aria-valuemin={shown(min)}
      aria-valuemax={shown(max)}
      aria-valuetext={share ? `${shown(value)}%` : `${shown(value)} pixels`}
      tabIndex={0}
      className={`splitter splitter-${orientation}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      onDoubleClick={props.onReset}
    />
  );
}
