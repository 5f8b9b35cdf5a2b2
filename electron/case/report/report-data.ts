// Everything a case report shows, gathered: the case and its evidence (opened again read-only,
// to check it is still what was recorded and to read each bookmark's bytes), each bookmark with
// a hex excerpt of up to 256 bytes and the file it lies in (once a resolver is given), and every
// line of the audit log with the result of its verification.

import { basename, resolve } from 'node:path';
import { formatXxd } from '../../shared/xxd-dump';
import { openSource, type EvidenceSource } from '../../source';
import { readCase } from '../audit-append';
import { checkLine, type AuditEntry } from '../audit-line';
import type { Verification } from '../audit-verify';
import type { CaseState } from '../case-state';
import type { Bookmark, CaseEvidence, CaseFile, FileResolver } from '../case-types';
import type { SigningKeyRecord } from '../signing';

/** The most bytes of a bookmark a report shows. */
export const EXCERPT_BYTES = 256;

export interface Excerpt {
  offset: bigint;
  /** The bookmark's first bytes (all of them up to EXCERPT_BYTES). */
  length: number;
  /** As `xxd -s OFFSET -l LENGTH` prints them; unreadable bytes as ??. */
  dump: string;
  /** Sectors within the excerpt that could not be read, and why. */
  unreadable: { lba: bigint; reason: string }[];
}

export interface ReportBookmark {
  bookmark: Bookmark;
  evidence: CaseEvidence | null;
  excerpt: Excerpt | null;
  /** Why there is no excerpt (the evidence cannot be opened now). */
  excerptProblem: string | null;
  /** The file the bookmark lies in, when a resolver is given and a file owns it. */
  file: { path: string; offset: bigint } | null;
  /** Why no file is named: no resolver yet, none owns it, or the resolver failed. */
  fileNote: string;
}

export interface ReportEvidence {
  evidence: CaseEvidence;
  /** How it is now, opened again for this report: null when it is as recorded. */
  problem: string | null;
}

export interface ReportLine {
  number: number;
  text: string;
  entry: AuditEntry | null;
  /** ok: passed every check; bad: the first line that failed; unchecked: after it; torn. */
  status: 'ok' | 'bad' | 'unchecked' | 'torn';
}

export interface ReportData {
  dir: string;
  name: string;
  file: CaseFile;
  state: CaseState | null;
  verification: Verification;
  evidence: ReportEvidence[];
  bookmarks: ReportBookmark[];
  lines: ReportLine[];
  made: Date;
}

export interface ReportOptions {
  /** The file a byte range lies in (The Sleuth Kit, once files exist). */
  resolveFile?: FileResolver;
  /** The examiner's public key, pinned (verify --public-key). */
  pinnedKey?: SigningKeyRecord | null;
  now?: () => Date;
}

function lineTexts(log: Buffer): string[] {
  const text = log.toString('utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function reportLines(log: Buffer, verification: Verification): ReportLine[] {
  const { reading } = verification;
  const passed = reading.entries.length;
  return lineTexts(log).map((text, index) => {
    const number = index + 1;
    if (number > reading.lineCount) return { number, text, entry: null, status: 'torn' };
    if (number <= passed)
      return { number, text, entry: reading.entries[index] ?? null, status: 'ok' };
    const checked = checkLine(text);
    return {
      number,
      text,
      entry: checked.ok ? checked.entry : null,
      status: number === reading.problem?.line ? 'bad' : 'unchecked',
    };
  });
}

async function openEvidence(evidence: CaseEvidence): Promise<EvidenceSource> {
  const sectorSize = evidence.kind === 'file' ? evidence.logicalSectorSize : undefined;
  return openSource({ path: evidence.path, ...(sectorSize ? { sectorSize } : {}) });
}

/** How the evidence differs now from what the case recorded, or null. */
function changedSince(evidence: CaseEvidence, source: EvidenceSource): string | null {
  const differences: string[] = [];
  if (source.geometry.size.toString() !== evidence.size) {
    differences.push(`its size is ${source.geometry.size} bytes, not ${evidence.size}`);
  }
  if (source.identity.format !== evidence.format) {
    differences.push(`it reads as ${source.identity.format}, not ${evidence.format}`);
  }
  if (source.geometry.logicalSectorSize !== evidence.logicalSectorSize) {
    differences.push(
      `its sectors are ${source.geometry.logicalSectorSize} bytes, not ${evidence.logicalSectorSize}`,
    );
  }
  return differences.length === 0 ? null : `Opened for this report, ${differences.join('; ')}.`;
}

async function readExcerpt(source: EvidenceSource, bookmark: Bookmark): Promise<Excerpt> {
  const offset = BigInt(bookmark.offset);
  const length = Number(
    BigInt(bookmark.length) < BigInt(EXCERPT_BYTES)
      ? BigInt(bookmark.length)
      : BigInt(EXCERPT_BYTES),
  );
  const read = await source.read(offset, length);
  const sectorSize = BigInt(source.geometry.logicalSectorSize);
  const lost = new Set(read.unreadable.map((sector) => sector.lba));
  const dump = formatXxd(read.data, offset, (index) =>
    lost.has((offset + BigInt(index)) / sectorSize),
  );
  return {
    offset,
    length: read.data.length,
    dump,
    unreadable: read.unreadable.map((sector) => ({
      lba: sector.lba,
      reason: sector.error.message,
    })),
  };
}

async function resolveFileOf(
  resolveFile: FileResolver | undefined,
  evidence: CaseEvidence,
  bookmark: Bookmark,
): Promise<Pick<ReportBookmark, 'file' | 'fileNote'>> {
  if (!resolveFile) return { file: null, fileNote: 'Files are not resolved yet.' };
  try {
    const file = await resolveFile(evidence, {
      offset: BigInt(bookmark.offset),
      length: BigInt(bookmark.length),
    });
    return { file, fileNote: file ? '' : 'No file owns these bytes.' };
  } catch (error) {
    return { file: null, fileNote: `The file could not be found: ${(error as Error).message}` };
  }
}

/** Gathers the report of the case in `dir` (read-only: nothing is written anywhere). */
export async function gatherReport(
  dirPath: string,
  options: ReportOptions = {},
): Promise<ReportData> {
  const dir = resolve(dirPath);
  const record = await readCase(dir, options.pinnedKey ?? null);
  const { file, state, verification } = record;
  const evidenceList = state?.evidence ?? file.evidence;
  const bookmarks = [...(state?.bookmarks.values() ?? [])].sort(
    (a, b) =>
      a.evidence.localeCompare(b.evidence) ||
      (BigInt(a.offset) < BigInt(b.offset) ? -1 : BigInt(a.offset) > BigInt(b.offset) ? 1 : 0) ||
      a.id.localeCompare(b.id, 'en', { numeric: true }),
  );
  const evidence: ReportEvidence[] = [];
  const reportBookmarks: ReportBookmark[] = [];
  for (const item of evidenceList) {
    const own = bookmarks.filter((bookmark) => bookmark.evidence === item.id);
    let source: EvidenceSource | null = null;
    let problem: string | null;
    try {
      source = await openEvidence(item);
      problem = changedSince(item, source);
    } catch (error) {
      problem = `It could not be opened for this report: ${(error as Error).message}`;
    }
    evidence.push({ evidence: item, problem });
    try {
      for (const bookmark of own) {
        let excerpt: Excerpt | null = null;
        let excerptProblem: string | null = problem;
        if (source) {
          excerpt = await readExcerpt(source, bookmark).catch((error: unknown) => {
            excerptProblem = `Its bytes could not be read: ${(error as Error).message}`;
            return null;
          });
        }
        reportBookmarks.push({
          bookmark,
          evidence: item,
          excerpt,
          excerptProblem: excerpt ? null : excerptProblem,
          ...(await resolveFileOf(options.resolveFile, item, bookmark)),
        });
      }
    } finally {
      await source?.close();
    }
  }
  for (const bookmark of bookmarks) {
    if (evidenceList.some((item) => item.id === bookmark.evidence)) continue;
    reportBookmarks.push({
      bookmark,
      evidence: null,
      excerpt: null,
      excerptProblem: `The case holds no evidence ${bookmark.evidence}.`,
      file: null,
      fileNote: '',
    });
  }
  return {
    dir,
    name: basename(dir),
    file,
    state,
    verification,
    evidence,
    bookmarks: reportBookmarks,
    lines: reportLines(record.log, verification),
    made: (options.now ?? (() => new Date()))(),
  };
}
