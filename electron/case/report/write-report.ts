// Writing a report where the examiner asks: never onto the evidence (its own path, a device, a
// folder on it: case-folder.ts decides, as for the case itself), never replacing a file unless
// asked, and whole or not at all (a hidden temporary beside it, flushed, then put in place).
// The PDF is Chromium's printing of the same HTML (`--headless --print-to-pdf`), where a
// Chromium is installed.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SectorscopeError } from '../../shared/contract';
import {
  placeFile,
  removeQuietly,
  syncFolder,
  writeTemporaryText,
  createTemporary,
  closeQuietly,
} from '../../jobs/export-placement';
import { folderProblem } from '../case-folder';

/** Refuses `path` as a report's destination when it could change the evidence, or exists. */
async function checkDestination(path: string, evidencePaths: string[], replace: boolean) {
  const found = await stat(path).catch(() => null);
  if (found && !found.isFile()) {
    throw new SectorscopeError(
      'INVALID_ARGUMENT',
      `${path} is not a regular file: name a new file for the report.`,
    );
  }
  for (const evidence of evidencePaths) {
    const same = await stat(evidence).then(
      (item) => found !== null && item.dev === found.dev && item.ino === found.ino,
      () => false,
    );
    if (same || resolve(evidence) === path) {
      throw new SectorscopeError(
        'INVALID_ARGUMENT',
        `Refusing to write the report to ${path}: it is the evidence ${evidence}.`,
      );
    }
  }
  const why = await folderProblem(dirname(path), evidencePaths);
  if (why) {
    throw new SectorscopeError(
      'INVALID_ARGUMENT',
      `Refusing to write the report into ${dirname(path)}: ${why}`,
    );
  }
  if (found && !replace) {
    throw new SectorscopeError(
      'INVALID_ARGUMENT',
      `${path} exists and is left as it is: choose another name, or --force to replace it.`,
    );
  }
}

/** Writes the report's HTML to `path` (checked as above). */
export async function writeReportHtml(
  pathGiven: string,
  html: string,
  evidencePaths: string[],
  replace: boolean,
): Promise<string> {
  const path = resolve(pathGiven);
  await checkDestination(path, evidencePaths, replace);
  const temporary = await writeTemporaryText(path, html);
  try {
    await placeFile(temporary, path, replace);
    await syncFolder(dirname(path));
  } catch (error) {
    removeQuietly(temporary);
    throw error;
  }
  return path;
}

/** Chromium's path: CHROMIUM_PATH, or the usual names; null when there is none. */
export function findChromium(): string | null {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ];
  return candidates.find((path) => path && existsSync(path)) ?? null;
}

function run(
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 65536) stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stderr });
    });
  });
}

/**
 * Prints the report at `htmlPath` to a PDF at `pdfPath` (checked as the HTML is) with Chromium,
 * headless, in a profile of its own that is removed after. Throws when there is no Chromium.
 */
export async function printReportPdf(
  htmlPath: string,
  pdfPathGiven: string,
  evidencePaths: string[],
  replace: boolean,
): Promise<string> {
  const chromium = findChromium();
  if (!chromium) {
    throw new SectorscopeError(
      'UNSUPPORTED',
      'No Chromium to print the PDF with (looked for CHROMIUM_PATH, /usr/bin/chromium and ' +
        'google-chrome): install chromium, or print the HTML report from a browser.',
    );
  }
  const pdfPath = resolve(pdfPathGiven);
  await checkDestination(pdfPath, evidencePaths, replace);
  const profile = await mkdtemp(join(tmpdir(), 'sectorscope-pdf-'));
  // Chromium writes the PDF itself: into a temporary of ours, put in place once it is whole.
  const temporary = await createTemporary(pdfPath);
  closeQuietly(temporary.fd);
  try {
    const args = [
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${temporary.path}`,
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      pathToFileURL(resolve(htmlPath)).href,
    ];
    const { code, stderr } = await run(chromium, args, 120_000);
    const printed = await readFile(temporary.path).catch(() => Buffer.alloc(0));
    if (code !== 0 || printed.subarray(0, 5).toString('latin1') !== '%PDF-') {
      const last = stderr
        .trim()
        .split('\n')
        .filter((line) => !/dbus|Fontconfig/i.test(line))
        .at(-1);
      throw new SectorscopeError(
        'IO',
        `Chromium (${chromium}) did not print ${basename(pdfPath)}${last ? `: ${last}` : ''}.`,
      );
    }
    const handle = await open(temporary.path, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await placeFile(temporary.path, pdfPath, replace);
    await syncFolder(dirname(pdfPath));
    return pdfPath;
  } finally {
    removeQuietly(temporary.path);
    await rm(profile, { recursive: true, force: true });
  }
}
