// The case report as one self-contained HTML file: its styles inline, no script, no request of
// any kind (a Content-Security-Policy says so to the browser), so it reads the same anywhere
// and prints to PDF as is. Every piece of text that came from a user or from the evidence
// (labels, notes, paths, an image's metadata, the log's lines) goes through escapeHtml; the
// only other values put into the markup are numbers and colours checked to be #rrggbb.

import { TOOL } from '../case-handle';
import type { AuditEntry } from '../audit-line';
import type { CaseEvidence } from '../case-types';
import type { ReportBookmark, ReportData, ReportEvidence, ReportLine } from './report-data';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and for quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const e = escapeHtml;

/** A colour from the case, or grey when it is not #rrggbb (a hand-edited log). */
const safeColour = (value: unknown) =>
  typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value) ? value : '#8a8a8a';

function bytesText(value: string | bigint): string {
  const bytes = BigInt(value);
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let scaled = Number(bytes);
  let unit = '';
  for (const next of units) {
    if (scaled < 1024) break;
    scaled /= 1024;
    unit = next;
  }
  const grouped = bytes.toLocaleString('en-US');
  return unit ? `${grouped} bytes (${scaled.toFixed(1)} ${unit})` : `${grouped} bytes`;
}

const hex = (value: bigint) => `0x${value.toString(16)}`;

function row(label: string, value: string): string {
  return `<tr><th scope="row">${e(label)}</th><td>${value}</td></tr>`;
}

function table(rows: string[]): string {
  return `<table class="facts">${rows.join('')}</table>`;
}

function digestList(digests: Record<string, string | undefined>): string {
  const entries = Object.entries(digests).filter(([, value]) => value);
  if (entries.length === 0) return '<span class="none">none</span>';
  return entries
    .map(
      ([name, value]) =>
        `<div class="digest"><b>${e(name.toUpperCase())}</b> <code>${e(value)}</code></div>`,
    )
    .join('');
}

function evidenceSection({ evidence, problem }: ReportEvidence): string {
  const computed = evidence.hashes
    ? `${digestList(evidence.hashes.digests)}<div class="small">computed ${e(evidence.hashes.time)} ` +
      `(audit entry ${evidence.hashes.entry})` +
      (evidence.hashes.badSectors
        ? `; ${evidence.hashes.badSectors} unreadable sectors hashed as zeros`
        : '') +
      '</div>'
    : '<span class="none">not computed in this case</span>';
  const verification = evidence.verification
    ? `${evidence.verification.verified ? 'verified' : '<b class="bad">NOT verified</b>'} ` +
      `${e(evidence.verification.time)} (audit entry ${evidence.verification.entry})`
    : '<span class="none">not verified in this case</span>';
  const metadata = Object.entries(evidence.metadata);
  const rows = [
    row('Path', `<code>${e(evidence.path)}</code>`),
    row('What it is', `${e(evidence.description)} (${e(evidence.kind)}, ${e(evidence.format)})`),
    row(
      'Size',
      `${e(bytesText(evidence.size))}; ${e(BigInt(evidence.sectorCount).toLocaleString('en-US'))} sectors`,
    ),
    row(
      'Sector size',
      `${evidence.logicalSectorSize} bytes logical, ${evidence.physicalSectorSize} physical`,
    ),
    row('Segments', evidence.segments.map((segment) => `<code>${e(segment)}</code>`).join('<br>')),
    row('Hashes stored in the image', digestList(evidence.storedHashes)),
    row('Hashes computed', computed),
    row('Verification of stored hashes', verification),
  ];
  if (evidence.library) rows.push(row('Read through', e(evidence.library)));
  if (metadata.length > 0) {
    rows.push(
      row(
        'Acquisition metadata',
        metadata.map(([key, value]) => `<b>${e(key)}</b>: ${e(value)}`).join('<br>'),
      ),
    );
  }
  if (evidence.warnings.length > 0) {
    rows.push(
      row('Warnings on opening', evidence.warnings.map((warning) => e(warning)).join('<br>')),
    );
  }
  if (problem) rows.push(row('Now', `<b class="bad">${e(problem)}</b>`));
  return `<section class="evidence" id="evidence-${e(evidence.id)}"><h3>${e(evidence.id)}</h3>${table(rows)}</section>`;
}

function rangeText(offset: bigint, length: bigint, evidence: CaseEvidence | null): string {
  const last = offset + length - 1n;
  let text =
    `bytes ${offset.toLocaleString('en-US')} to ${last.toLocaleString('en-US')} ` +
    `(${hex(offset)}-${hex(last)}), ${length.toLocaleString('en-US')} byte${length === 1n ? '' : 's'}`;
  if (evidence) {
    const size = BigInt(evidence.logicalSectorSize);
    const first = offset / size;
    const end = last / size;
    text +=
      `; LBA ${first}${end === first ? '' : ` to ${end}`}` +
      (offset % size === 0n ? '' : ` (from byte ${offset % size} of LBA ${first})`);
  }
  return e(text);
}

function originText(origin: ReportBookmark['bookmark']['origin'] | undefined): string {
  switch (origin?.kind) {
    case 'search-hit':
      return 'a search hit';
    case 'command-line':
      return 'the command line';
    case 'file':
      return `the file ${e(origin.path)}`;
    default:
      return 'a selection';
  }
}

function bookmarkSection(item: ReportBookmark): string {
  const { bookmark, excerpt } = item;
  const offset = BigInt(bookmark.offset);
  const length = BigInt(bookmark.length);
  const rows = [
    row(
      'Evidence',
      item.evidence
        ? `${e(bookmark.evidence)}: <code>${e(item.evidence.path)}</code>`
        : e(bookmark.evidence),
    ),
    row('Range', rangeText(offset, length, item.evidence)),
    row(
      'File',
      item.file
        ? `<code>${e(item.file.path)}</code>, from byte ${e(item.file.offset.toString())} of it`
        : `<span class="none">${e(item.fileNote)}</span>`,
    ),
    row('From', originText(bookmark.origin)),
    row(
      'Made',
      `${e(bookmark.created)}${bookmark.modified !== bookmark.created ? `; changed ${e(bookmark.modified)}` : ''}`,
    ),
  ];
  const note = bookmark.note
    ? `<div class="note">${e(bookmark.note)}</div>`
    : '<div class="note none">No note.</div>';
  let bytes: string;
  if (excerpt) {
    const shown =
      BigInt(excerpt.length) < length
        ? `The first ${excerpt.length} of its ${length.toLocaleString('en-US')} bytes`
        : `Its ${excerpt.length} byte${excerpt.length === 1 ? '' : 's'}`;
    const lost =
      excerpt.unreadable.length > 0
        ? `<p class="bad">Unreadable (shown as ??): ${excerpt.unreadable.map((sector) => `LBA ${e(sector.lba.toString())} (${e(sector.reason)})`).join(', ')}</p>`
        : '';
    bytes = `<p class="small">${shown}, as <code>xxd -s ${e(excerpt.offset.toString())} -l ${excerpt.length}</code> prints them:</p><pre class="hex">${e(excerpt.dump)}</pre>${lost}`;
  } else {
    bytes = `<p class="bad">${e(item.excerptProblem ?? 'No bytes could be shown.')}</p>`;
  }
  return (
    `<article class="bookmark" id="bookmark-${e(bookmark.id)}" style="border-left-color:${safeColour(bookmark.colour)}">` +
    `<h3><span class="swatch" style="background:${safeColour(bookmark.colour)}"></span>${e(bookmark.id)}: ${e(bookmark.label)}</h3>` +
    `${table(rows)}${note}${bytes}</article>`
  );
}

const str = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** One line of words for an entry; the whole entry is in its line, shown beside. */
export function entrySummary(entry: AuditEntry): string {
  const d = entry.details as Record<string, Record<string, unknown> & { [key: string]: unknown }>;
  switch (entry.action) {
    case 'case.created':
      return (
        `Case created (${str(d.tool)}); examiner: ${d.examiner ? str(d.examiner) : 'not named'}; ` +
        (d.signing ? `every entry signed, key ${str(d.signing.fingerprint)}` : 'entries not signed')
      );
    case 'case.opened':
      return `Opened to work on, by ${str(d.program)} (pid ${str(d.pid)}).`;
    case 'evidence.added':
      return `Evidence ${str(d.evidence?.id)} added: ${str(d.evidence?.path)} (${str(d.evidence?.format)}, ${str(d.evidence?.size)} bytes).`;
    case 'bookmark.added':
      return `Bookmark ${str(d.bookmark?.id)} "${str(d.bookmark?.label)}" added on ${str(d.bookmark?.evidence)} at byte ${str(d.bookmark?.offset)}, ${str(d.bookmark?.length)} bytes.`;
    case 'bookmark.changed': {
      const changes = ['label', 'note', 'colour']
        .filter((field) => str(d.before?.[field]) !== str(d.after?.[field]))
        .map((field) =>
          field === 'note'
            ? 'note changed'
            : `${field} "${str(d.before?.[field])}" → "${str(d.after?.[field])}"`,
        );
      return `Bookmark ${str(d.after?.id)} changed: ${changes.join('; ') || 'nothing'}.`;
    }
    case 'bookmark.deleted':
      return `Bookmark ${str(d.bookmark?.id)} "${str(d.bookmark?.label)}" deleted.`;
    case 'job.started':
      return `${str(d.job)} of ${str(d.evidence)} started (${d.wholeEvidence ? 'the whole evidence' : `LBA ${str(d.lba)}, ${str(d.count)} sectors`}).`;
    case 'job.finished': {
      const result = d.result ?? {};
      let what = '';
      if (result.digests)
        what = Object.entries(result.digests)
          .map(([name, value]) => `${name} ${str(value)}`)
          .join(', ');
      else if (result.hits !== undefined)
        what = `${str(result.hits)} hits${result.truncated ? ' (stopped at the limit)' : ''}`;
      else if (result.destination)
        what = `written to ${str(result.destination)}, SHA-256 ${str(result.sha256)}`;
      else if (result.verified !== undefined) what = result.verified ? 'verified' : 'NOT verified';
      const bad =
        typeof result.badSectors === 'number' && result.badSectors > 0
          ? `; ${result.badSectors} unreadable sectors`
          : '';
      const error = d.error ? `: ${str(d.error.message)}` : '';
      return `${str(d.job)} of ${str(d.evidence)} ${str(d.status)} (started at entry ${str(d.startedEntry)})${what ? `: ${what}` : ''}${bad}${error}.`;
    }
    case 'audit.torn-line-set-aside':
      return `A torn last line (${str(d.bytes)} bytes, SHA-256 ${str(d.sha256)}) was moved to ${str(d.sideFile)}.`;
    case 'audit.head-caught-up':
      return `case.json's head (entry ${str(d.recorded?.entries)}) was behind the log and was brought up to entry ${str(d.log?.entries)}.`;
    default:
      return JSON.stringify(entry.details).slice(0, 300);
  }
}

function lineRow(line: ReportLine): string {
  const { entry } = line;
  const status = {
    ok: '',
    bad: 'FAILS VERIFICATION',
    unchecked: 'not checked (after a failing line)',
    torn: 'TORN: no end of line',
  }[line.status];
  const summary = entry
    ? e(entrySummary(entry))
    : '<span class="none">(not an entry Sectorscope wrote)</span>';
  return (
    `<tr class="line-${line.status}"><td class="num">${line.number}</td>` +
    `<td class="time">${entry ? e(entry.time.replace('T', ' ').replace('Z', ' UTC')) : ''}</td>` +
    `<td><code>${entry ? e(entry.action) : ''}</code></td>` +
    `<td>${status ? `<b class="bad">${e(status)}</b> ` : ''}${summary}` +
    `<details><summary>the line as written${entry ? `, hash ${e(entry.hash.slice(0, 16))}…` : ''}</summary><pre class="line">${e(line.text)}</pre></details></td></tr>`
  );
}

function verdict(data: ReportData): string {
  const { verification, file } = data;
  const signing = verification.reading.state?.signing;
  const head = `case.json records ${file.audit.entries} entries, the last with SHA-256 <code>${e(file.audit.lastHash)}</code>`;
  const signed = signing
    ? `<p>Every entry is signed (Ed25519); the case's key is <code>${e(signing.fingerprint)}</code>. Compare it with the examiner's own key.</p>`
    : '<p>The entries are not signed: the chain shows a change to any line, a line removed or moved, and lines removed from the end; it cannot show a log rewritten whole, with its hashes computed again.</p>';
  if (verification.intact) {
    return `<div class="verdict ok"><h2>Audit log intact</h2><p>${verification.reading.lineCount} entries; every line is as written, each records the hash of the one before, and the head agrees: ${head}.</p>${signed}</div>`;
  }
  return (
    `<div class="verdict bad"><h2>Audit log NOT intact</h2><ul>${verification.problems.map((problem) => `<li>${e(problem)}</li>`).join('')}</ul>` +
    `<p>${head}.</p>${signed}</div>`
  );
}

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2329; margin: 0 auto; max-width: 1000px; padding: 24px 32px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 2px solid #d8dde3; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 8px; display: flex; align-items: center; gap: 8px; }
code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
code { overflow-wrap: anywhere; }
table.facts { border-collapse: collapse; width: 100%; margin-bottom: 8px; }
table.facts th { text-align: left; vertical-align: top; width: 210px; font-weight: 600; color: #46515c; padding: 3px 12px 3px 0; }
table.facts td { padding: 3px 0; overflow-wrap: anywhere; }
.none { color: #7b8692; font-style: italic; } .small { font-size: 12.5px; color: #46515c; margin: 6px 0 2px; }
.bad { color: #b3261e; }
.verdict { border-radius: 6px; padding: 10px 16px; margin: 16px 0; }
.verdict h2 { border: 0; margin: 4px 0; padding: 0; }
.verdict.ok { background: #e7f5ec; border: 1px solid #7cc493; } .verdict.bad { background: #fdecea; border: 1px solid #e39a93; }
.evidence, .bookmark { border: 1px solid #d8dde3; border-radius: 6px; padding: 12px 16px; margin: 12px 0; break-inside: avoid; }
.bookmark { border-left-width: 6px; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; border: 1px solid rgba(0,0,0,.25); }
.note { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f7f9; border-radius: 4px; padding: 8px 10px; margin: 6px 0; }
pre.hex { background: #f6f7f9; border-radius: 4px; padding: 8px 10px; margin: 4px 0; overflow-x: auto; }
.digest { margin: 1px 0; } .digest b { display: inline-block; width: 64px; font-weight: 600; }
table.log { border-collapse: collapse; width: 100%; font-size: 12.5px; }
table.log th { text-align: left; border-bottom: 1px solid #aab3bd; padding: 4px 6px; }
table.log td { border-bottom: 1px solid #e3e7eb; padding: 4px 6px; vertical-align: top; overflow-wrap: anywhere; }
table.log td.num { text-align: right; color: #46515c; } table.log td.time { white-space: nowrap; }
tr.line-bad td, tr.line-torn td { background: #fdecea; } tr.line-unchecked td { background: #fff6e0; }
pre.line { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f7f9; padding: 6px; margin: 4px 0; }
details summary { color: #46515c; cursor: pointer; font-size: 12px; }
footer { margin-top: 32px; font-size: 12.5px; color: #46515c; border-top: 1px solid #d8dde3; padding-top: 8px; }
@media print { body { padding: 0; max-width: none; } details { display: none; } a { color: inherit; text-decoration: none; } }
`;

/** The report as one HTML document. */
export function renderReportHtml(data: ReportData): string {
  const { file, verification, evidence, bookmarks, lines } = data;
  const examiner = file.examiner ?? data.verification.reading.state?.examiner ?? null;
  const facts = table([
    row('Case folder', `<code>${e(data.dir)}</code>`),
    row('Case id', `<code>${e(file.id)}</code>`),
    row('Examiner', examiner ? e(examiner) : '<span class="none">not named</span>'),
    row('Case created', e(file.created)),
    row('Report made', `${e(data.made.toISOString())} by ${e(TOOL)}`),
    row(
      'Audit log head',
      `${file.audit.entries} entries; last hash <code>${e(file.audit.lastHash)}</code>`,
    ),
  ]);
  const evidenceHtml =
    evidence.length > 0
      ? evidence.map(evidenceSection).join('')
      : '<p class="none">The case holds no evidence.</p>';
  const bookmarksHtml =
    bookmarks.length > 0
      ? bookmarks.map(bookmarkSection).join('')
      : '<p class="none">No bookmarks.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${e(TOOL)}">
<title>Case report: ${e(data.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Case report: ${e(data.name)}</h1>${facts}</header>
${verdict(data)}
<h2 id="evidence">Evidence (${evidence.length})</h2>
${evidenceHtml}
<h2 id="bookmarks">Bookmarks (${bookmarks.length})</h2>
${bookmarksHtml}
<h2 id="audit">Audit log (${lines.length} line${lines.length === 1 ? '' : 's'})</h2>
<p class="small">Each line is JSON: its sequence number, the time (UTC), the action, its details, the SHA-256 of the line before (<code>prev</code>) and its own (<code>hash</code>, over the line without <code>hash</code> and <code>sig</code>). ${verification.intact ? 'Every line passed.' : 'Lines marked in red failed verification.'}</p>
<table class="log"><thead><tr><th>#</th><th>Time</th><th>Action</th><th>What</th></tr></thead><tbody>
${lines.map(lineRow).join('\n')}
</tbody></table>
<footer>To check this report against the case: <code>sectorscope audit verify ${e(data.dir)} --head ${file.audit.entries}:${e(file.audit.lastHash)}</code> must exit 0: the log is intact and still holds entry ${file.audit.entries} as this report saw it (entries may have been added since). With a signed log, add <code>--public-key</code> and the examiner's public key. Each hex excerpt can be checked with the <code>xxd</code> command it names, run on the evidence.</footer>
</body>
</html>
`;
}
