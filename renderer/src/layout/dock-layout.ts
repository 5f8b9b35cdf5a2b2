// The dock's sizes and chosen tabs, remembered across sessions in localStorage.

export interface DockLayout {
  /** Widths of the left and right sides and height of the bottom one, in CSS pixels. */
  left: number;
  right: number;
  bottom: number;
  /** Share of a side's height its upper stack takes when both its stacks have panels (0..1). */
  leftSplit: number;
  rightSplit: number;
  /** The chosen panel per stack (StackKey to panel id). */
  tabs: Partial<Record<string, string>>;
}

export const DOCK_LAYOUT_KEY = 'sectorscope.dock-layout.v1';

export const SIDE_LIMITS = { min: 160, max: 900 } as const;
export const BOTTOM_LIMITS = { min: 96, max: 1200 } as const;
export const SPLIT_LIMITS = { min: 0.12, max: 0.88 } as const;
/** What the grid keeps between the sides, however wide they are dragged. */
export const CENTER_MIN_WIDTH = 360;
/** What the grid keeps above the bottom side. */
export const CENTER_MIN_HEIGHT = 140;

/** Sizes for a first start, from the window's width: the grid keeps most of it. */
export function defaultLayout(windowWidth: number): DockLayout {
  return {
    left: clamp(Math.round(windowWidth * 0.15), 200, 300),
    right: clamp(Math.round(windowWidth * 0.22), 300, 440),
    bottom: 260,
    leftSplit: 0.7,
    rightSplit: 0.55,
    tabs: {},
  };
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

const finite = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** What was remembered, each value checked, falling back to the defaults value by value. */
export function readDockLayout(storage: Storage | null, windowWidth: number): DockLayout {
  const fallback = defaultLayout(windowWidth);
  let stored: Partial<Record<keyof DockLayout, unknown>> = {};
  try {
    const text = storage?.getItem(DOCK_LAYOUT_KEY);
    if (text) stored = JSON.parse(text) as typeof stored;
  } catch {
    // Unreadable or blocked storage: the defaults.
  }
  const size = (value: unknown, limits: { min: number; max: number }, otherwise: number) =>
    finite(value) ? clamp(value, limits.min, limits.max) : otherwise;
  const tabs: Partial<Record<string, string>> = {};
  if (stored.tabs && typeof stored.tabs === 'object') {
    for (const [key, id] of Object.entries(stored.tabs)) if (typeof id === 'string') tabs[key] = id;
  }
  return {
    left: size(stored.left, SIDE_LIMITS, fallback.left),
    right: size(stored.right, SIDE_LIMITS, fallback.right),
    bottom: size(stored.bottom, BOTTOM_LIMITS, fallback.bottom),
    leftSplit: size(stored.leftSplit, SPLIT_LIMITS, fallback.leftSplit),
    rightSplit: size(stored.rightSplit, SPLIT_LIMITS, fallback.rightSplit),
    tabs,
  };
}

export function writeDockLayout(storage: Storage | null, layout: DockLayout): void {
  try {
    storage?.setItem(DOCK_LAYOUT_KEY, JSON.stringify(layout));
  } catch {
    // Full or blocked storage: the layout lasts for this session only.
  }
}

/** localStorage, or null where the page may not use it. */
export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * The widths the sides get in a dock `width` wide: as remembered, but shrunk in proportion
 * (down to SIDE_LIMITS.min) so that the grid keeps CENTER_MIN_WIDTH.
 */
export function fitSides(
  left: number,
  right: number,
  width: number,
): { left: number; right: number } {
  const room = Math.max(0, width - CENTER_MIN_WIDTH);
  if (left + right <= room) return { left, right };
  const scale = room / (left + right);
  return {
    left: Math.max(SIDE_LIMITS.min, Math.floor(left * scale)),
    right: Math.max(SIDE_LIMITS.min, Math.floor(right * scale)),
  };
}
