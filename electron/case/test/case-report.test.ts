// `sectorscope report`: one self-contained HTML file, looked at in Debian's Chromium. Labels and
// notes made to look like markup stay text (no script runs, no element is made of them); each
// hex excerpt is what `xxd -s OFFSET -l LENGTH` prints of the evidence; the audit log and its
// verification are shown, a tampered line marked. --pdf prints it through Chromium. A
// screenshot lands in e2e/screenshots/case-report.png.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../../../e2e/support/chromium';
import { findChromium } from '../report/write-report';
import {
  bundledCliMissing,
  cli,
  cliOk,
  forgeLog,
  keepsEvidence,
  ROOT,
  suiteTempDir,
  tempDir,
  writeEvidence,
} from './case-test-support';

const HOSTILE_LABEL = `<script>document.title='pwned'</script>`;
const HOSTILE_NOTE = `<img src=x onerror="document.title='pwned'"> "quoted" & <b>not bold</b>\nsecond line`;

const skip = bundledCliMissing() ?? chromiumMissing() ?? false;

function xxd(path: string, offset: number, length: number): string {
  return execFileSync('xxd', ['-s', String(offset), '-l', String(length), path], {
    encoding: 'utf8',
  });
}

describe('the case report', { skip }, () => {
  const work = suiteTempDir();
  const image = join(work, 'evidence.img');
  const dir = join(work, 'case');
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  before(async () => {
    writeEvidence(image);
    cliOk(['case', 'init', dir, '--evidence', image, '--examiner', 'Ann <Examiner>']);
    cliOk([
      'bookmark',
      'add',
      dir,
      '--offset',
      '0x203',
      '--length',
      '8',
      '--label',
      'OEM name',
      '--colour',
      'blue',
    ]);
    cliOk([
      'bookmark',
      'add',
      dir,
      '--offset',
      '4096',
      '--length',
      '600',
      '--label',
      HOSTILE_LABEL,
      '--note',
      HOSTILE_NOTE,
    ]);
    cliOk([
      'bookmark',
      'add',
      dir,
      '--lba',
      '100',
      '--count',
      '2',
      '--label',
      'Two sectors',
      '--colour',
      '#123456',
    ]);
    ({ browser, cleanup: closeBrowser } = await launchChromium());
  });
  after(() => closeBrowser?.());

  test('HTML: the evidence, each bookmark with its bytes, the log verified; markup stays text', async (t) => {
    keepsEvidence(t, image);
    const out = join(tempDir(t), 'report.html');
    const printed = cliOk(['report', dir, '--out', out]);
    assert.match(printed, /Wrote the report of .* 1 evidence, 3 bookmarks, 5 audit entries\./);
    const html = readFileSync(out, 'utf8');
    assert.ok(!/<script|<img|<b>not bold/i.test(html), 'no markup from a label or note');
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/,
    );
    assert.ok(!/(src|href)="(https?:|file:|\/\/)/.test(html), 'self-contained: nothing fetched');

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    t.after(() => page.close());
    await page.goto(pathToFileURL(out).href);
    assert.equal(await page.title(), 'Case report: case', 'no script ran');
    assert.equal(await page.locator('script, img').count(), 0);
    assert.equal(await page.locator('b', { hasText: 'not bold' }).count(), 0);
    const titles = await page.locator('article.bookmark h3').allTextContents();
    assert.deepEqual(titles, ['B1: OEM name', `B2: ${HOSTILE_LABEL}`, 'B3: Two sectors']);
    assert.equal(await page.locator('#bookmark-B2 .note').textContent(), HOSTILE_NOTE);
    assert.match((await page.locator('header').textContent()) ?? '', /Ann <Examiner>/);

    // Each excerpt is xxd's, over at most 256 bytes of the bookmark.
    const dumps = await page.locator('article.bookmark pre.hex').allTextContents();
    assert.deepEqual(dumps, [xxd(image, 0x203, 8), xxd(image, 4096, 256), xxd(image, 51200, 256)]);
    assert.match(
      (await page.locator('#bookmark-B2').textContent()) ?? '',
      /The first 256 of its 600 bytes, as xxd -s 4096 -l 256 prints them/,
    );
    assert.match(
      (await page.locator('#bookmark-B3').textContent()) ?? '',
      /bytes 51,200 to 52,223 \(0xc800-0xcbff\), 1,024 bytes; LBA 100 to 101/,
    );
    assert.equal(
      await page.locator('#bookmark-B1').evaluate((node) => getComputedStyle(node).borderLeftColor),
      'rgb(47, 128, 237)',
      'drawn in its colour',
    );

    // The evidence, and the log with its verification.
    const evidence = (await page.locator('#evidence-E1').textContent()) ?? '';
    assert.match(evidence, new RegExp(`Path${image.replace(/[/.]/g, '\\$&')}`));
    assert.match(evidence, /1,048,576 bytes \(1\.0 MiB\); 2,048 sectors/);
    assert.match((await page.locator('.verdict').textContent()) ?? '', /Audit log intact5 entries/);
    const actions = await page.locator('table.log tbody tr td:nth-child(3)').allTextContents();
    assert.deepEqual(actions, [
      'case.created',
      'evidence.added',
      'bookmark.added',
      'bookmark.added',
      'bookmark.added',
    ]);
    const head = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')).audit.lastHash as string;
    assert.match(html, new RegExp(`last hash <code>${head}</code>`));

    mkdirSync(join(ROOT, 'e2e', 'screenshots'), { recursive: true });
    await page.screenshot({
      path: join(ROOT, 'e2e', 'screenshots', 'case-report.png'),
      fullPage: true,
    });
  });

  test('a tampered log: the report is made, says NOT intact and marks the line', async (t) => {
    keepsEvidence(t, image);
    const copy = join(tempDir(t), 'case');
    execFileSync('cp', ['-a', dir, copy]);
    // Line 4 edited by hand (nothing recomputed), its colour made to break out of the style.
    const lines = readFileSync(join(copy, 'audit.jsonl'), 'utf8').split('\n');
    lines[3] = (lines[3] ?? '').replace(
      /"colour":"#[0-9a-f]{6}"/,
      '"colour":"red;background:url(https://example.com/x)"',
    );
    execFileSync('sh', ['-c', 'cat > "$1"', 'sh', join(copy, 'audit.jsonl')], {
      input: lines.join('\n'),
    });
    const out = join(tempDir(t), 'report.html');
    const result = cli(['report', copy, '--out', out]);
    assert.equal(result.status, 1, 'exit 1: the log is not intact');
    assert.match(
      result.stdout,
      /The audit log is NOT intact \(the report says so\): line 4: its content does not match its hash/,
    );
    const html = readFileSync(out, 'utf8');
    assert.ok(!/style="[^"]*example\.com/.test(html), 'the forged colour is not used as CSS');
    const page = await browser.newPage();
    t.after(() => page.close());
    await page.goto(pathToFileURL(out).href);
    assert.match(
      (await page.locator('.verdict.bad').textContent()) ?? '',
      /Audit log NOT intact.*line 4: its content does not match its hash/,
    );
    assert.equal(await page.locator('tr.line-bad td.num').textContent(), '4');
    assert.equal(await page.locator('tr.line-unchecked').count(), 1);
  });

  test('a forged colour in a rewritten chain is drawn grey, never as CSS', async (t) => {
    const copy = join(tempDir(t), 'case');
    execFileSync('cp', ['-a', dir, copy]);
    await forgeLog(copy, (entries) => {
      const bookmark = entries[2]?.details.bookmark as { colour: string };
      bookmark.colour = '#2f80ed;background-image:url(https://example.com/x)';
      return entries;
    });
    const out = join(tempDir(t), 'report.html');
    cli(['report', copy, '--out', out]);
    const html = readFileSync(out, 'utf8');
    assert.ok(!/style="[^"]*example\.com/.test(html), 'the forged colour is not used as CSS');
    assert.match(html, /id="bookmark-B1" style="border-left-color:#8a8a8a"/);
  });

  test('evidence that is gone now: the report says so and is made all the same', async (t) => {
    const moved = join(work, 'moved-away.img');
    renameSync(image, moved);
    t.after(() => renameSync(moved, image));
    const out = join(tempDir(t), 'report.html');
    cliOk(['report', dir, '--out', out]);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /It could not be opened for this report: .*(No such file|does not exist)/);
  });

  test('--pdf prints the same report with Chromium; an existing file is kept without --force', async (t) => {
    keepsEvidence(t, image);
    const folder = tempDir(t);
    const html = join(folder, 'report.html');
    const pdf = join(folder, 'report.pdf');
    if (!findChromium()) {
      t.skip('no Chromium to print with');
      return;
    }
    const printed = cliOk(['report', dir, '--out', html, '--pdf', pdf]);
    assert.match(printed, new RegExp(`Printed it to ${pdf.replace(/[/.]/g, '\\$&')}\\.`));
    const bytes = readFileSync(pdf);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok((bytes.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length >= 2, 'pages');
    const again = cli(['report', dir, '--out', html]);
    assert.equal(again.status, 1);
    assert.match(
      again.stderr,
      /report\.html exists and is left as it is: choose another name, or --force/,
    );
    cliOk(['report', dir, '--out', html, '--pdf', pdf, '--force']);
  });
});
