// Issue 18 in the viewer: volume slack, overflowing and lost file systems on the disk map; the
// identity of volumes no template shows; backups by design apart from real differences; the new
// findings; a disk with no partition table. Disks made at test time by Debian's mkfs tools.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { buildResizedDisk, RESIZED_DISK } from '../electron/shared/disk/test/helpers/images';
import { blkidExport, keyValues, need } from '../electron/shared/disk/test/helpers/oracles';
import { makeTempDir, runAll } from '../electron/shared/disk/test/helpers/tools';
import { chromiumMissing } from './support/chromium';
import { goTo, waitForPaintedRows } from './support/grid-page';
import { openServedPage, type ServedPage } from './support/served-page';
import { PROJECT_ROOT } from './support/serve-process';
import {
  buildAmbivalentIso,
  buildBackupDisk,
  buildHybridIso,
  buildUntemplatedDisk,
  buildWholeDiskExt4,
} from './support/volume-disks';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const skipReason = chromiumMissing();

/** The LBA at the top of the grid once its rows are painted. */
async function topLba(page: Page): Promise<bigint> {
  const rows = await waitForPaintedRows(page);
  return (rows[0]?.offset ?? -1n) / 512n;
}

/** A partition's item in the navigator. */
function partitionButton(page: Page, index: number): Locator {
  return page.getByRole('region', { name: 'Partitions' }).locator(`[data-partition="${index}"]`);
}

/** Clicks an element a few pixels in from its left edge (marks may lie over its right part). */
async function clickNearLeft(page: Page, element: Locator): Promise<void> {
  const box = await element.boundingBox();
  assert.ok(box, 'the element is on screen');
  await page.mouse.click(box.x + Math.min(4, box.width / 2), box.y + box.height / 2);
}

/** The last LBA of an ext volume by dumpe2fs (runAll: a broken journal makes it fail after). */
function extEnd(image: string, start: number): bigint {
  const info = keyValues(runAll('dumpe2fs', ['-h', `${image}?offset=${start * 512}`]).stdout);
  const sectors = (BigInt(need(info, 'Block count')) * BigInt(need(info, 'Block size'))) / 512n;
  return BigInt(start) + sectors - 1n;
}

describe(
  'browser mode: resized, shrunk and lost file systems',
  { skip: skipReason ?? false },
  () => {
    const dir = makeTempDir('volumes-e2e');
    let image = '';
    let served: ServedPage;
    let page: Page;
    const { ext4, exfat, small, lost } = RESIZED_DISK;

    before(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      image = buildResizedDisk(dir.path);
      // Tall enough for the navigator to hold every partition and gap (its list is virtualized).
      served = await openServedPage([image], { ready: 'partitions', height: 1100 });
      page = served.page;
    });
    after(async () => {
      await served?.close();
      dir.remove();
    });

    test('volume slack is a region of its own inside partition 3; a click goes to its start', async () => {
      const map = page.getByLabel('Disk map');
      const slackStart = extEnd(image, small.start) + 1n;
      const region = map.locator('.map-region[data-kind="volume-slack"]');
      assert.equal(await region.getAttribute('data-start'), slackStart.toString());
      assert.match(
        (await region.getAttribute('title')) ?? '',
        new RegExp(
          `LBA ${slackStart}–${small.start + small.sectors - 1} \\(98304 sectors, 48\\.0 MiB\\)`,
        ),
      );
      const partition = await map.locator(`.map-seg[data-start="${small.start}"]`).boundingBox();
      const slack = await region.boundingBox();
      assert.ok(partition && slack);
      assert.ok(slack.x > partition.x, 'the slack starts after the file system');
      assert.ok(slack.x + slack.width <= partition.x + partition.width + 0.5, 'and ends with it');
      assert.ok(slack.height >= partition.height - 1, 'over the bar’s whole height');
      await map.screenshot({ path: join(SCREENSHOTS, 'volumes-disk-map.png') });
      await clickNearLeft(page, region);
      assert.equal(await topLba(page), slackStart);
    });

    test('each file system larger than its partition is marked from the partition’s end on', async () => {
      const map = page.getByLabel('Disk map');
      const overflows = map.locator('.map-mark[data-kind="filesystem-overflow"]');
      assert.equal(await overflows.count(), 2);
      const expected = [
        [ext4.start + ext4.sectors, extEnd(image, ext4.start)],
        [exfat.start + exfat.sectors, exfat.start + exfat.fsSectors - 1],
      ];
      for (const [i, [start, end]] of expected.entries()) {
        const mark = overflows.nth(i);
        assert.equal(await mark.getAttribute('data-start'), String(start));
        assert.match((await mark.getAttribute('title')) ?? '', new RegExp(`LBA ${start}–${end} `));
      }
      await clickNearLeft(page, overflows.nth(0));
      assert.equal(await topLba(page), BigInt(ext4.start + ext4.sectors));
    });

    test('the ext2 lost in the last gap is marked there; its superblock shows from its first sector', async () => {
      const map = page.getByLabel('Disk map');
      const region = map.locator('.map-region[data-kind="lost-filesystem"]');
      assert.equal(await region.getAttribute('data-start'), String(lost.start));
      const probe = blkidExport(image, BigInt(lost.start * 512));
      assert.match(
        (await region.getAttribute('title')) ?? '',
        new RegExp(`“${probe.get('LABEL')}”`),
      );
      const gap = await map
        .locator(`.map-seg.map-unallocated[data-start="${lost.start}"]`)
        .boundingBox();
      const box = await region.boundingBox();
      assert.ok(gap && box);
      assert.ok(box.x >= gap.x - 0.5 && box.x + box.width <= gap.x + gap.width + 0.5);
      const navigator = page.getByRole('region', { name: 'Partitions' });
      await navigator.getByText(`lost ext2 “${probe.get('LABEL')}” at LBA ${lost.start}`).waitFor();
      await clickNearLeft(page, region);
      assert.equal(await topLba(page), BigInt(lost.start));
      const panel = page.getByRole('region', { name: 'Structure' });
      await panel
        .locator('h2')
        .filter({ hasText: `Unallocated LBA ${lost.start}:` })
        .waitFor();
      assert.equal(
        await panel.locator('[data-field="Volume name"] .field-value').innerText(),
        `"${probe.get('LABEL')}"`,
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'volumes-lost-ext2.png') });
    });

    test('the findings name themselves, and each goes to its LBA', async () => {
      const findings = page.getByRole('region', { name: 'Findings' });
      const slackStart = extEnd(image, small.start) + 1n;
      for (const title of [
        'File system larger than its partition',
        'Volume slack',
        'File system in unallocated space',
      ]) {
        await findings.getByText(title, { exact: true }).first().waitFor();
      }
      await findings
        .getByText('File system larger than its partition')
        .first()
        .scrollIntoViewIfNeeded();
      await findings.screenshot({ path: join(SCREENSHOTS, 'volumes-findings-panel.png') });
      for (const lba of [BigInt(ext4.start), slackStart, BigInt(lost.start)]) {
        await findings.getByText(`LBA ${lba}`, { exact: true }).click();
        assert.equal(await topLba(page), lba);
      }
      await page.screenshot({ path: join(SCREENSHOTS, 'volumes-findings.png') });
    });
  },
);

describe('browser mode: volumes no template shows', { skip: skipReason ?? false }, () => {
  const dir = makeTempDir('untemplated-e2e');
  let disk: ReturnType<typeof buildUntemplatedDisk>;
  let served: ServedPage;
  let page: Page;

  before(async () => {
    disk = buildUntemplatedDisk(dir.path);
    served = await openServedPage([disk.image], { ready: 'partitions' });
    page = served.page;
  });
  after(async () => {
    await served?.close();
    dir.remove();
  });

  test('name, type, usage, label and UUID as blkid reads them, and the size', async () => {
    assert.ok(disk.parts.length >= 3);
    for (const part of disk.parts) {
      await partitionButton(page, part.index).click();
      const panel = page.getByRole('region', { name: 'Structure' });
      await panel
        .locator('h2')
        .filter({ hasText: `Partition ${part.index}:` })
        .waitFor();
      const identity = panel.getByLabel('Volume identity');
      const value = (field: string) =>
        identity.locator(`[data-field="${field}"] .field-value`).innerText();
      const probe = blkidExport(disk.image, BigInt(part.start * 512));
      assert.equal(await value('Type'), probe.get('TYPE'), part.type);
      assert.equal(await value('Type'), part.type);
      assert.equal(await value('Usage'), probe.get('USAGE'), part.type);
      assert.equal(await value('Label'), probe.get('LABEL') ?? '(none)', part.type);
      assert.equal(await value('UUID'), probe.get('UUID'), part.type);
      assert.match(await value('Size'), /bytes|not recorded/);
      if (part.type === 'udf') {
        await page.screenshot({ path: join(SCREENSHOTS, 'volumes-udf-identity.png') });
      }
    }
  });
});

describe(
  'browser mode: backups by design and real differences',
  { skip: skipReason ?? false },
  () => {
    const dir = makeTempDir('backups-e2e');
    let disk: ReturnType<typeof buildBackupDisk>;
    let served: ServedPage;
    let page: Page;

    before(async () => {
      disk = buildBackupDisk(dir.path);
      served = await openServedPage([disk.image], { ready: 'partitions' });
      page = served.page;
    });
    after(async () => {
      await served?.close();
      dir.remove();
    });

    test('a fresh ext4: identical apart from fields listed with their reasons, not in red', async () => {
      await partitionButton(page, 1).click();
      const note = page.getByRole('note').filter({ hasText: 'backup superblock' });
      assert.match(await note.innerText(), /is identical apart from \d+ fields? a backup keeps by/);
      const byDesign = note.getByLabel('Different by design');
      await byDesign
        .getByText('the number of the group holding this copy (0 in the primary)')
        .waitFor();
      assert.match(
        await byDesign.locator('[data-field="Block group number"]').innerText(),
        /\(\+0x5a\): 0 ≠ 1/,
      );
      assert.equal(await note.locator('.backup-bad').count(), 0);
    });

    test('a changed label in the backup is red; the differences by design stay apart', async () => {
      await partitionButton(page, 2).click();
      const note = page.getByRole('note').filter({ hasText: 'backup superblock' });
      await note.getByText(/differs in 1 field/).waitFor();
      const real = note.locator('.backup-bad');
      assert.match(
        await real.locator('[data-field="Volume name"]').innerText(),
        /"realdiff" ≠ "tampered"/,
      );
      assert.equal(await real.locator('[data-field="Block group number"]').count(), 0);
      const byDesign = note.getByLabel('Different by design');
      assert.equal(await byDesign.locator('[data-field="Block group number"]').count(), 1);
      const [redBg, designBg] = await Promise.all([
        real.evaluate((e) => getComputedStyle(e).backgroundColor),
        byDesign.evaluate((e) => getComputedStyle(e).backgroundColor),
      ]);
      assert.notEqual(redBg, designBg);
      await page
        .getByRole('region', { name: 'Structure' })
        .screenshot({ path: join(SCREENSHOTS, 'volumes-backup-differences.png') });
    });
  },
);

describe('browser mode: disks with no partition table', { skip: skipReason ?? false }, () => {
  const dir = makeTempDir('whole-disk-e2e');
  let whole: ReturnType<typeof buildWholeDiskExt4>;
  let ambivalent = '';
  let served: ServedPage;
  let page: Page;

  before(async () => {
    whole = buildWholeDiskExt4(dir.path);
    ambivalent = buildAmbivalentIso(dir.path);
    served = await openServedPage([whole.image], { ready: 'partitions' });
    page = served.page;
  });
  after(async () => {
    await served?.close();
    dir.remove();
  });

  test('the navigator shows the volume, not “No partition table”', async () => {
    const navigator = page.getByRole('region', { name: 'Partitions' });
    assert.equal(
      await navigator.locator('h2').innerText(),
      'ext4 volume, no partition table\n512-byte sectors',
    );
    const item = navigator.locator('.nav-item', { hasText: 'wholeext4' });
    assert.match(await item.innerText(), /ext4 “wholeext4”\s+LBA 0–131071/);
    assert.doesNotMatch(await navigator.innerText(), /Unallocated|No partition table/);
  });

  test('the map shows the volume, and what lies after it as slack', async () => {
    const map = page.getByLabel('Disk map');
    const volume = map.locator('.map-seg.map-volume');
    assert.match(await volume.innerText(), /ext4 “wholeext4” · the whole disk, no partition table/);
    const slack = map.locator('.map-region[data-kind="volume-slack"]');
    assert.equal(await slack.getAttribute('data-start'), String(extEnd(whole.image, 0) + 1n));
    assert.equal(BigInt((await slack.getAttribute('data-start')) ?? 0), BigInt(whole.fsSectors));
    await map.screenshot({ path: join(SCREENSHOTS, 'volumes-whole-disk-map.png') });
    await goTo(page, '0');
    const panel = page.getByRole('region', { name: 'Structure' });
    await panel.locator('.panel-sub').filter({ hasText: 'ext2/3/4 superblock' }).waitFor();
    assert.equal(
      await panel.locator('[data-field="Volume name"] .field-value').innerText(),
      `"${blkidExport(whole.image, 0n).get('LABEL')}"`,
    );
  });

  test('two signatures on the whole disk: the finding names itself and goes to LBA 0', async () => {
    await served.close();
    served = await openServedPage([ambivalent], { ready: 'partitions' });
    page = served.page;
    const findings = page.getByRole('region', { name: 'Findings' });
    await findings.getByText('More than one signature on a volume', { exact: true }).waitFor();
    await goTo(page, '100');
    await findings.getByText('LBA 0', { exact: true }).click();
    assert.equal(await topLba(page), 0n);
    await page.screenshot({ path: join(SCREENSHOTS, 'volumes-ambivalent.png') });
  });

  test('a hybrid ISO: the navigator names the volume at LBA 0 and the partition holding it', async () => {
    await served.close();
    const hybrid = buildHybridIso(dir.path);
    served = await openServedPage([hybrid], { ready: 'partitions' });
    page = served.page;
    const probe = blkidExport(hybrid, 0n);
    const heading = page.getByRole('region', { name: 'Partitions' }).locator('h2');
    await heading.filter({ hasText: `“${probe.get('LABEL')}” from LBA 0, in #1` }).waitFor();
    assert.match(await heading.innerText(), /^MBR partitions · ISO 9660/);
  });
});
