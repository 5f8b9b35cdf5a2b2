import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildGptFilesystemDisk, GPT_FS } from '../electron/shared/disk/test/helpers/images';
import { chromiumMissing } from './support/chromium';
import { goTo, waitForPaintedRows, assertStatus } from './support/grid-page';
import { openServedPage, readAt, type ServedPage } from './support/served-page';
import { PROJECT_ROOT } from './support/serve-process';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const SAMPLE = join(PROJECT_ROOT, 'dist', 'sample-disk.img');
const skipReason = chromiumMissing();

interface SfdiskPartition {
  start: number;
  size: number;
  name?: string;
}

describe('browser mode: disk structure panels', { skip: skipReason ?? false }, () => {
  let served: ServedPage;
  let page: Page;
  const table = JSON.parse(execFileSync('sfdisk', ['--json', SAMPLE]).toString()) as {
    partitiontable: { partitions: SfdiskPartition[] };
  };
  const partitions = table.partitiontable.partitions;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    served = await openServedPage([SAMPLE], { ready: 'partitions' });
    page = served.page;
  });
  after(async () => served?.close());

  test('the navigator lists what sfdisk lists, and a click lands on the first sector with its boot-sector template', async () => {
    for (const [i, expected] of partitions.entries()) {
      const button = page.locator(`[data-partition="${i + 1}"]`);
      assert.match(
        await button.innerText(),
        new RegExp(`LBA ${expected.start}–${expected.start + expected.size - 1}`),
      );
      if (expected.name) assert.match(await button.innerText(), new RegExp(expected.name));
    }
    const second = partitions[1] as SfdiskPartition;
    await page.locator('[data-partition="2"]').click();
    const rows = await waitForPaintedRows(page);
    assert.equal(rows[0]?.offset, BigInt(second.start) * 512n);
    const panel = page.getByRole('region', { name: 'Structure' });
    await panel.getByText('FAT12/16 boot sector').first().waitFor();
    assert.match(await panel.locator('h2').innerText(), /Partition 2/);
    const bytesPerSector = await panel
      .locator('[data-field="Bytes per sector"] .field-value')
      .innerText();
    assert.equal(
      bytesPerSector,
      String(readAt(SAMPLE, second.start * 512 + 11, 2).readUInt16LE(0)),
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'structure-fat16-boot.png') });
  });

  test('clicking a field selects its bytes in the grid', async () => {
    const panel = page.getByRole('region', { name: 'Structure' });
    await panel.locator('[data-field="Sectors per cluster"]').click();
    await assertStatus(page, 'status-selection', /selection 1 bytes/);
    const selected = page.locator('[role="gridcell"].sel');
    assert.equal(await selected.count(), 1);
    const first = partitions[1] as SfdiskPartition;
    const expected = readAt(SAMPLE, first.start * 512 + 13, 1)[0] ?? 0;
    assert.equal(
      (await selected.innerText()).toLowerCase(),
      expected.toString(16).padStart(2, '0'),
    );
  });

  test('the FAT32 boot sector is compared with its backup', async () => {
    await page.locator('[data-partition="1"]').click();
    await page.getByText(/Backup copy .* is identical/).waitFor();
  });

  test('the data inspector decodes the bytes at the cursor', async () => {
    // The GPT header's "current LBA" field (offset 24) holds 1 and "backup LBA" the last LBA.
    await goTo(page, '@0x220');
    const inspector = page.getByRole('region', { name: 'Data inspector' });
    const expected = readAt(SAMPLE, 0x220, 8).readBigUInt64LE(0);
    await inspector
      .locator('[data-decoder="uint64le"] .value')
      .filter({ hasText: expected.toString() })
      .waitFor();
    const int16be = readAt(SAMPLE, 0x220, 2).readInt16BE(0);
    assert.equal(
      await inspector.locator('[data-decoder="int16be"] .value').innerText(),
      String(int16be),
    );
    // The backup header differs from the primary only where it must (its own LBAs, its CRC).
    await page.getByText(/Backup copy \(GPT header \(backup\).*is identical/).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'inspector-gpt-header.png') });
  });

  test('any template can be applied at the cursor', async () => {
    await goTo(page, '0');
    await page.getByLabel('Apply template at cursor').selectOption('ntfs-boot');
    const panel = page.getByRole('region', { name: 'Structure' });
    await panel.locator('h2').filter({ hasText: 'NTFS boot sector at 0x0' }).waitFor();
    await panel.getByRole('button', { name: 'Clear' }).click();
    await panel.locator('h2').filter({ hasText: 'Protective MBR' }).waitFor();
  });

  test('partition-relative offsets', async () => {
    await page.getByLabel('Offset column').selectOption('partition');
    await page.locator('[data-partition="1"]').click();
    await waitForPaintedRows(page);
    const first = partitions[0] as SfdiskPartition;
    const row = page.locator(`[role="row"][data-offset="${first.start * 512 + 16}"]`);
    assert.equal(await row.getByRole('rowheader').innerText(), 'p1+0:010');
    await page.getByLabel('Offset column').selectOption('hex');
  });

  test('the disk map draws the layout and a click jumps into the partition clicked', async () => {
    const map = page.getByLabel('Disk map');
    await map.screenshot({ path: join(SCREENSHOTS, 'disk-map.png') });
    const second = partitions[1] as SfdiskPartition;
    const segment = map.locator(`[data-start="${second.start}"]`);
    const box = await segment.boundingBox();
    assert.ok(box);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const top = (await waitForPaintedRows(page))[0]?.offset ?? 0n;
    const lba = top / 512n;
    assert.ok(
      lba >= BigInt(second.start) && lba <= BigInt(second.start + second.size - 1),
      `LBA ${lba} inside partition 2`,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'disk-map-jump.png') });
  });
});

describe(
  'browser mode: a GPT disk built by Debian tools (FAT32, NTFS, ext4, exFAT)',
  { skip: skipReason ?? false },
  () => {
    let dir: string;
    let image: string;
    let served: ServedPage;
    let page: Page;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sectorscope-gpt-e2e-'));
      image = buildGptFilesystemDisk(dir);
      served = await openServedPage([image], { ready: 'partitions' });
      page = served.page;
    });
    after(async () => {
      await served?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const expectations = [
      {
        index: 1,
        start: GPT_FS.fat.start,
        template: 'FAT32 boot sector',
        field: 'Volume label',
        value: GPT_FS.fat.label,
      },
      {
        index: 2,
        start: GPT_FS.ntfs.start,
        template: 'NTFS boot sector',
        field: 'Bytes per sector',
        value: '512',
      },
      {
        index: 3,
        start: GPT_FS.ext.start,
        template: 'ext2/3/4 superblock',
        field: 'Volume name',
        value: GPT_FS.ext.label,
      },
      {
        index: 4,
        start: GPT_FS.exfat.start,
        template: 'exFAT boot sector',
        field: 'Filesystem name',
        value: 'EXFAT',
      },
    ];
    for (const expected of expectations) {
      test(`partition ${expected.index}: lands on LBA ${expected.start} with the ${expected.template}`, async () => {
        await page.locator(`[data-partition="${expected.index}"]`).click();
        const rows = await waitForPaintedRows(page);
        assert.equal(rows[0]?.offset, BigInt(expected.start) * 512n);
        const panel = page.getByRole('region', { name: 'Structure' });
        await panel.locator('.panel-sub').filter({ hasText: expected.template }).waitFor();
        const value = panel.locator(`[data-field="${expected.field}"] .field-value`);
        assert.match(await value.innerText(), new RegExp(expected.value));
        await page.screenshot({
          path: join(SCREENSHOTS, `gpt-fs-partition-${expected.index}.png`),
        });
      });
    }

    test('the ext4 backup superblock differs only where backups do by design', async () => {
      await page.locator('[data-partition="3"]').click();
      const note = page.getByRole('note').filter({ hasText: 'backup superblock' });
      assert.match(
        await note.innerText(),
        /is identical apart from \d+ fields? a backup keeps by design/,
      );
      assert.match(await note.innerText(), /Block group number \(\+0x5a\): 0 ≠ 1/);
    });

    test('the disk map of the GPT disk', async () => {
      await page
        .getByLabel('Disk map')
        .screenshot({ path: join(SCREENSHOTS, 'gpt-fs-disk-map.png') });
      for (const start of [
        GPT_FS.fat.start,
        GPT_FS.ntfs.start,
        GPT_FS.ext.start,
        GPT_FS.exfat.start,
      ]) {
        assert.equal(
          await page.getByLabel('Disk map').locator(`[data-start="${start}"]`).count(),
          1,
        );
      }
    });
  },
);
