// What the go-to field understands, as users of HxD and WinHex type it:
//   2048  0x800      an LBA
//   @4096  @0x1000   a byte offset
//   p2+0  p2         an LBA inside partition 2 (its first sector when alone)
//   +10  -1          sectors after or before the cursor's sector
//   end  end-1       the last LBA, or one before it
//   ... len 16       a length: that many sectors (bytes after @) from there, selected
// Numbers are decimal or hex (0x...), with optional _ between digits.
import { parseWholeNumber } from '../../../electron/shared/goto-input';
import type { PartitionSpan } from '../grid/format';
import type { ByteRange } from '../grid/HexRow';

export interface GotoContext {
  sectorSize: number;
  sizeBytes: bigint;
  /** The cursor, for relative moves. */
  cursor: bigint;
  /** The partitions by index; null while the partition table is still being read. */
  partitions: readonly PartitionSpan[] | null;
}

export type GotoResult =
  | {
      ok: true;
      /** The byte to put at the top of the view. */
      offset: bigint;
      /** The range to select, when a length was given. */
      selection: ByteRange | null;
      /** What was understood, in words, to show before Enter is pressed. */
      understood: string;
    }
  | { ok: false; message: string };

const HOW =
  'Type an LBA (2048 or 0x800), a byte offset (@0x1000), p2+0, +10, -1, end or end-1, ' +
  'optionally followed by len N.';

type Target =
  | { kind: 'lba'; lba: bigint }
  | { kind: 'offset'; offset: bigint }
  | { kind: 'relative'; sectors: bigint }
  | { kind: 'partition'; index: number; lba: bigint }
  | { kind: 'end'; minus: bigint };

const fail = (message: string): GotoResult => ({ ok: false, message });
const hex = (value: bigint) => `0x${value.toString(16).toUpperCase()}`;

function notANumber(text: string, whole: string): GotoResult {
  return fail(
    `"${text}" in "${whole}" is not a number: use decimal (123), hex (0x7B), or @ for a byte offset (@0x1000).`,
  );
}

/** Reads what was typed and resolves it on the disk; says why when it cannot. */
export function readGoto(input: string, context: GotoContext): GotoResult {
  const whole = input.trim();
  if (whole === '') return fail(HOW);
  const [targetText, lengthText, extra] = whole.split(/\s+len\s+/i);
  if (extra !== undefined || targetText === undefined) return fail(`Only one "len" please. ${HOW}`);
  const target = parseTarget(targetText.replace(/\s+/g, ''), whole);
  if ('ok' in target) return target;
  let length: bigint | null = null;
  if (lengthText !== undefined) {
    length = parseWholeNumber(lengthText);
    if (length === null) return notANumber(lengthText.trim(), whole);
    if (length === 0n) return fail('A length must be at least 1.');
  }
  return resolve(target, length, context);
}

function parseTarget(text: string, whole: string): Target | GotoResult {
  const lower = text.toLowerCase();
  const end = /^end(?:-(.+))?$/.exec(lower);
  if (end) {
    const minus = end[1] === undefined ? 0n : parseWholeNumber(end[1]);
    return minus === null ? notANumber(end[1] ?? '', whole) : { kind: 'end', minus };
  }
  const partition = /^p(\d+)(?:\+(.+))?$/.exec(lower);
  if (partition) {
    const lba = partition[2] === undefined ? 0n : parseWholeNumber(partition[2]);
    if (lba === null) return notANumber(partition[2] ?? '', whole);
    return { kind: 'partition', index: Number(partition[1]), lba };
  }
  if (text.startsWith('+') || text.startsWith('-')) {
    const sectors = parseWholeNumber(text.slice(1));
    if (sectors === null) return notANumber(text, whole);
    return { kind: 'relative', sectors: text.startsWith('-') ? -sectors : sectors };
  }
  if (text.startsWith('@')) {
    if (text.slice(1).startsWith('-')) return fail('A byte offset cannot be negative.');
    const offset = parseWholeNumber(text.slice(1));
    return offset === null ? notANumber(text, whole) : { kind: 'offset', offset };
  }
  const lba = parseWholeNumber(text);
  return lba === null ? notANumber(text, whole) : { kind: 'lba', lba };
}

/** The LBA a sector target names, with how it was reached in words, or why not. */
function lbaOf(
  target: Exclude<Target, { kind: 'offset' }>,
  context: GotoContext,
  lastLba: bigint,
): { lba: bigint; how: string } | GotoResult {
  const cursorLba = context.cursor / BigInt(context.sectorSize);
  switch (target.kind) {
    case 'lba':
      return { lba: target.lba, how: '' };
    case 'end':
      return {
        lba: lastLba - target.minus,
        how: target.minus === 0n ? 'the last LBA' : `${target.minus} before the last LBA`,
      };
    case 'relative': {
      const after = target.sectors >= 0n;
      const count = after ? target.sectors : -target.sectors;
      return {
        lba: cursorLba + target.sectors,
        how: `${count} ${after ? 'after' : 'before'} the cursor's LBA ${cursorLba}`,
      };
    }
    case 'partition': {
      if (context.partitions === null) return fail('The partition table is still being read.');
      const partition = context.partitions.find((p) => p.index === target.index);
      if (!partition) {
        const known = context.partitions.map((p) => p.index).join(', ');
        return fail(
          known === ''
            ? `There is no partition ${target.index}: this disk has no partitions.`
            : `There is no partition ${target.index}: the partitions are ${known}.`,
        );
      }
      const size = partition.end - partition.start + 1n;
      if (target.lba >= size) {
        return fail(
          `p${target.index}+${target.lba} is past the end of partition ${target.index}: ` +
            `its last sector is p${target.index}+${size - 1n}.`,
        );
      }
      return {
        lba: partition.start + target.lba,
        how: `sector ${target.lba} of partition ${target.index}`,
      };
    }
  }
}

function resolve(target: Target, length: bigint | null, context: GotoContext): GotoResult {
  const sector = BigInt(context.sectorSize);
  const { sizeBytes } = context;
  const lastLba = (sizeBytes + sector - 1n) / sector - 1n;
  if (target.kind === 'offset') {
    if (target.offset >= sizeBytes) {
      return fail(
        `Offset ${hex(target.offset)} is past the end: the last byte is ${hex(sizeBytes - 1n)}.`,
      );
    }
    const where = `byte ${hex(target.offset)} (LBA ${target.offset / sector} + ${target.offset % sector})`;
    return withLength(target.offset, length ?? null, 1n, where, sizeBytes);
  }
  const found = lbaOf(target, context, lastLba);
  if ('ok' in found) return found;
  const { lba, how } = found;
  if (lba < 0n) return fail(`LBA ${lba} is before the start of the disk: the first LBA is 0.`);
  if (lba > lastLba) return fail(`LBA ${lba} is past the end: the last LBA is ${lastLba}.`);
  const where = `LBA ${lba}${how ? `, ${how}` : ''} (byte ${hex(lba * sector)})`;
  return withLength(lba * sector, length, sector, where, sizeBytes);
}

/** The result for a start, with `length` units of `unit` bytes selected when given. */
function withLength(
  start: bigint,
  length: bigint | null,
  unit: bigint,
  where: string,
  sizeBytes: bigint,
): GotoResult {
  if (length === null) return { ok: true, offset: start, selection: null, understood: where };
  const end = start + length * unit;
  if (end > sizeBytes) {
    const room = (sizeBytes - start) / unit;
    const what = unit === 1n ? 'bytes' : 'sectors';
    return fail(`${length} ${what} from there run past the end: at most ${room} fit.`);
  }
  const amount = unit === 1n ? `${length} bytes` : `${length} sectors (${length * unit} bytes)`;
  return {
    ok: true,
    offset: start,
    selection: { start, end },
    understood: `${amount} from ${where}, selected`,
  };
}
