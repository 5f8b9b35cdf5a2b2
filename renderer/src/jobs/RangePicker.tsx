import type { PartitionsJson } from '../../../electron/shared/disk';
import type { LbaRange } from '../../../electron/shared/contract';
import { parseWholeNumber } from '../../../electron/shared/goto-input';
import type { ByteRange } from '../grid/HexRow';

export type RangeChoice =
  | { kind: 'disk' }
  | { kind: 'partition'; index: number }
  | { kind: 'selection' }
  | { kind: 'lba'; from: string; count: string };

interface RangePickerProps {
  value: RangeChoice;
  onChange: (value: RangeChoice) => void;
  partitions: PartitionsJson['partitions'];
  selection: ByteRange | null;
}

/** Whole disk, a partition, the selection (whole sectors) or an LBA range. */
export function RangePicker({ value, onChange, partitions, selection }: RangePickerProps) {
  const key = value.kind === 'partition' ? `p${value.index}` : value.kind;
  return (
    <span className="range-picker">
      <select
        aria-label="Range"
        value={key}
        onChange={(event) => {
          const choice = event.target.value;
          if (choice === 'disk' || choice === 'selection') onChange({ kind: choice });
          else if (choice === 'lba') onChange({ kind: 'lba', from: '0', count: '1' });
          else onChange({ kind: 'partition', index: Number(choice.slice(1)) });
        }}
      >
        <option value="disk">whole disk</option>
        {partitions
          .filter((p) => p.kind !== 'extended')
          .map((p) => (
            <option key={p.index} value={`p${p.index}`}>
              partition {p.index} {p.name || p.typeName}
            </option>
          ))}
        {selection ? <option value="selection">selection (whole sectors)</option> : null}
        <option value="lba">LBA range…</option>
      </select>
      {value.kind === 'lba' ? (
        <>
          <input
            aria-label="From LBA"
            value={value.from}
            onChange={(e) => onChange({ ...value, from: e.target.value })}
            size={12}
          />
          <input
            aria-label="Sector count"
            value={value.count}
            onChange={(e) => onChange({ ...value, count: e.target.value })}
            size={10}
          />
        </>
      ) : null}
    </span>
  );
}

/** The LbaRange for startJob, undefined for the whole disk, or a message saying what is wrong. */
export function resolveRange(
  choice: RangeChoice,
  partitions: PartitionsJson['partitions'],
  selection: ByteRange | null,
  sectorSize: number,
): { ok: true; range: LbaRange | undefined; label: string } | { ok: false; message: string } {
  if (choice.kind === 'disk') return { ok: true, range: undefined, label: 'whole disk' };
  if (choice.kind === 'partition') {
    const p = partitions.find((partition) => partition.index === choice.index);
    if (!p) return { ok: false, message: `No partition ${choice.index}.` };
    return {
      ok: true,
      range: { lba: String(p.start), count: String(p.size) },
      label: `partition ${p.index}`,
    };
  }
  if (choice.kind === 'selection') {
    if (!selection)
      return { ok: false, message: 'Select some bytes first (Shift+click or Shift+arrows).' };
    const size = BigInt(sectorSize);
    const first = selection.start / size;
    const last = (selection.end - 1n) / size;
    return {
      ok: true,
      range: { lba: first.toString(), count: (last - first + 1n).toString() },
      label: `LBA ${first}–${last}`,
    };
  }
  const from = parseWholeNumber(choice.from);
  const count = parseWholeNumber(choice.count);
  if (from === null) return { ok: false, message: `"${choice.from}" is not an LBA.` };
  if (count === null || count < 1n)
    return { ok: false, message: `"${choice.count}" is not a sector count of 1 or more.` };
  return {
    ok: true,
    range: { lba: from.toString(), count: count.toString() },
    label: `LBA ${from}–${from + count - 1n}`,
  };
}
