// Assertions that compare a DiskLayout with what the peer tools report.
import assert from 'node:assert/strict';
import type { DiskLayout, Gap, Partition } from '../../index';
import { type MmlsRow, type SfdiskTable, sfdiskAttributeBits, sfdiskNumber } from './oracles';

export function partitionByIndex(layout: DiskLayout, index: number): Partition {
  const found = layout.partitions.find((p) => p.index === index);
  assert.ok(found, `no partition ${index} in ${layout.partitions.map((p) => p.index).join(',')}`);
  return found;
}

/** Every partition sfdisk lists is there with the same numbers, and no other. */
export function assertPartitionsMatchSfdisk(layout: DiskLayout, table: SfdiskTable): void {
  assert.equal(layout.scheme, table.label === 'dos' ? 'mbr' : 'gpt');
  assert.equal(layout.sectorSize, table.sectorsize);
  assert.deepEqual(
    layout.partitions.map((p) => p.index),
    table.partitions.map(sfdiskNumber),
    'partition numbers',
  );
  for (const expected of table.partitions) {
    const p = partitionByIndex(layout, sfdiskNumber(expected));
    const what = `partition ${p.index}`;
    assert.equal(p.start, BigInt(expected.start), `${what} start`);
    assert.equal(p.size, BigInt(expected.size), `${what} size`);
    assert.equal(p.end, BigInt(expected.start + expected.size - 1), `${what} end`);
    if (table.label === 'dos') {
      assert.equal(parseInt(p.type, 16), parseInt(expected.type, 16), `${what} type`);
      assert.match(p.type, /^0x[0-9a-f]{2}$/);
      assert.equal(p.bootable, expected.bootable === true, `${what} bootable`);
    } else {
      assert.equal(p.type, expected.type.toUpperCase(), `${what} type`);
      assert.equal(p.guid, expected.uuid, `${what} unique GUID`);
      assert.equal(p.name, expected.name ?? '', `${what} name`);
      assert.deepEqual(
        p.attributeFlags.map((flag) => flag.bit),
        sfdiskAttributeBits(expected.attrs),
        `${what} attribute bits`,
      );
    }
  }
}

const TABLE_DESCRIPTIONS =
  /^(Primary Table \(#0\)|Extended Table \(#\d+\)|Safety Table|GPT Header|Partition Table)$/;

/** The layout's mmls view equals mmls's own output, row for row. */
export function assertSlotsMatchMmls(layout: DiskLayout, rows: readonly MmlsRow[]): void {
  const ours = layout.slots.filter((slot) => !slot.extra);
  const show = (r: { slot: string; start: bigint; end: bigint; description: string }): string =>
    `${r.slot} ${r.start}-${r.end} ${r.description}`;
  assert.equal(
    ours.length,
    rows.length,
    `row count\nours:\n${ours.map(show).join('\n')}\nmmls:\n${rows.map(show).join('\n')}`,
  );
  rows.forEach((row, i) => {
    const slot = ours[i];
    assert.ok(slot);
    const what = `row ${i} (mmls: ${show(row)}; ours: ${show(slot)})`;
    assert.equal(slot.start, row.start, what);
    assert.equal(slot.end, row.end, what);
    assert.equal(slot.length, row.length, what);
    assert.equal(slot.slot, row.slot, what);
    if (row.slot === '-------') {
      assert.equal(slot.kind, 'unallocated', what);
    } else if (TABLE_DESCRIPTIONS.test(row.description)) {
      assert.equal(slot.kind, 'meta', what);
      assert.equal(slot.description, row.description, what);
    } else if (layout.scheme === 'mbr') {
      // Type names differ (mmls has its own list); the type byte must agree.
      const typeOf = (text: string): string | undefined => /\((0x[0-9a-f]{2})\)$/.exec(text)?.[1];
      assert.ok(typeOf(row.description), what);
      assert.equal(typeOf(slot.description), typeOf(row.description), what);
    } else {
      assert.equal(slot.description, row.description, what);
    }
  });
}

interface Range {
  start: bigint;
  end: bigint;
}

function subtract(ranges: Range[], cut: Range): Range[] {
  const out: Range[] = [];
  for (const r of ranges) {
    if (cut.end < r.start || cut.start > r.end) {
      out.push(r);
      continue;
    }
    if (cut.start > r.start) out.push({ start: r.start, end: cut.start - 1n });
    if (cut.end < r.end) out.push({ start: cut.end + 1n, end: r.end });
  }
  return out;
}

/**
 * The gaps the layout must report, from mmls: its Unallocated rows minus its table rows, minus
 * `alsoTables` (the backup GPT, which mmls does not list).
 */
export function expectedGaps(rows: readonly MmlsRow[], alsoTables: readonly Range[] = []): Gap[] {
  let free: Range[] = rows
    .filter((row) => row.slot === '-------')
    .map((row) => ({ start: row.start, end: row.end }));
  const tables = rows
    .filter((row) => row.slot === 'Meta' && TABLE_DESCRIPTIONS.test(row.description))
    .map((row) => ({ start: row.start, end: row.end }));
  for (const cut of [...tables, ...alsoTables]) free = subtract(free, cut);
  return free
    .sort((a, b) => (a.start < b.start ? -1 : 1))
    .map((r) => ({ start: r.start, end: r.end, size: r.end - r.start + 1n }));
}

export function codes(layout: DiskLayout): string[] {
  return layout.findings.map((finding) => finding.code);
}
