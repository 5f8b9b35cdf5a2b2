import type { GridCommand } from '../keyboard/shortcuts';

/** The grid commands that move the cursor. */
export type MoveCommand = Exclude<GridCommand, 'extendSelection' | 'copy' | 'switchPane'>;

export interface MoveContext {
  cursor: bigint;
  bytesPerRow: bigint;
  sectorSize: bigint;
  viewportRows: number;
  sizeBytes: bigint;
}

export interface Move {
  /** Where the cursor goes (clamped to the disk by the grid). */
  cursor: bigint;
  /** Rows the view moves with it; undefined: only as far as keeps the cursor in view. */
  viewRows?: bigint;
}

/** Where a key sends the cursor, and the view with it: as HxD and WinHex do. */
export function moveFor(command: MoveCommand, context: MoveContext): Move {
  const { cursor, bytesPerRow, sectorSize, sizeBytes } = context;
  const screen = BigInt(context.viewportRows);
  const rowStart = cursor - (cursor % bytesPerRow);
  const moves: Record<MoveCommand, () => Move> = {
    byteLeft: () => ({ cursor: cursor - 1n }),
    byteRight: () => ({ cursor: cursor + 1n }),
    rowUp: () => ({ cursor: cursor - bytesPerRow }),
    rowDown: () => ({ cursor: cursor + bytesPerRow }),
    screenUp: () => ({ cursor: cursor - screen * bytesPerRow, viewRows: -screen }),
    screenDown: () => ({ cursor: cursor + screen * bytesPerRow, viewRows: screen }),
    sectorUp: () => ({ cursor: cursor - sectorSize, viewRows: -sectorSize / bytesPerRow }),
    sectorDown: () => ({ cursor: cursor + sectorSize, viewRows: sectorSize / bytesPerRow }),
    rowStart: () => ({ cursor: rowStart }),
    rowEnd: () => ({ cursor: rowStart + bytesPerRow - 1n }),
    diskStart: () => ({ cursor: 0n }),
    diskEnd: () => ({ cursor: sizeBytes - 1n }),
  };
  return moves[command]();
}
