import { useSyncExternalStore } from 'react';
import type { HexRowData } from './HexRow';

/**
 * What every row renders from, held outside the rows' props: a row re-renders when what it
 * shows changes (a cursor move, a page arriving), not whenever the grid renders, and the props
 * of the row list never change.
 */
export class GridModel {
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private data: HexRowData) {}

  get current(): HexRowData {
    return this.data;
  }

  update(next: HexRowData): void {
    const keys = Object.keys(next) as (keyof HexRowData)[];
    if (keys.every((key) => Object.is(next[key], this.data[key]))) return;
    this.data = next;
    this.version++;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;
}

export function useGridModel(model: GridModel): HexRowData {
  useSyncExternalStore(model.subscribe, model.getVersion);
  return model.current;
}
