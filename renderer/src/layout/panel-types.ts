import type { ReactNode } from 'react';

/** Where a panel docks: beside the grid (left, right) or under it (bottom). */
export type PanelSide = 'left' | 'right' | 'bottom';

/**
 * A side holds up to two stacks, one above the other with a splitter between them; each stack
 * shows its panels as tabs. The bottom side has one stack ('upper').
 */
export type PanelStack = 'upper' | 'lower';

export type BadgeTone = 'neutral' | 'warning' | 'error';

/** One panel of the dock. A view lists its panels as an array of these, in tab order. */
export interface PanelDef {
  /** Unique in the view; the remembered tab choice and the DOM ids derive from it. */
  id: string;
  /** The tab's label. */
  title: string;
  side: PanelSide;
  /** Which stack of its side; 'upper' when omitted. */
  stack?: PanelStack;
  /** Only the chosen tab of a stack is rendered. */
  render: () => ReactNode;
  /** A short count or state beside the title, e.g. the number of findings. */
  badge?: string;
  badgeTone?: BadgeTone;
}

/** The key of a stack, `${side}-${stack}`: what the remembered tab choice is filed under. */
export type StackKey = `${PanelSide}-${PanelStack}`;

export function stackKeyOf(panel: PanelDef): StackKey {
  return `${panel.side}-${panel.side === 'bottom' ? 'upper' : (panel.stack ?? 'upper')}`;
}
