// `sectorscope report DIR --out FILE [--pdf FILE] [--force] [--public-key FILE]`: the case's
// report as one self-contained HTML file, and printed to PDF through Chromium where it is
// installed. Reading the case changes nothing in it. Exit status 0 when written and the audit
// log is intact; 1 when the log is not intact (the report is written all the same, and says
// so) or the PDF could not be printed.

import { gatherReport } from '../case/report/report-data';
import { renderReportHtml } from '../case/report/report-html';
import { printReportPdf, writeReportHtml } from '../case/report/write-report';
import { loadPublicKey } from '../case/signing';
import { UsageError } from './cli-error';
import { caseDirArgument } from './case-command';
import { parseJobArgs, type CommandIo } from './terminal/job-args';
import { USAGE } from './usage';

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  pdf: { type: 'string' },
  force: { type: 'boolean', default: false },
  'public-key': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function runReportCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseJobArgs(args, OPTIONS);
  if (values.help) {
    await io.out(USAGE);
    return 0;
  }
  const dir = caseDirArgument(positionals, 'sectorscope report DIR --out FILE');
  if (!values.out)
    throw new UsageError('Name the report file: sectorscope report DIR --out report.html.');
  const pinnedKey =
    values['public-key'] === undefined ? null : await loadPublicKey(values['public-key']);
  const data = await gatherReport(dir, { pinnedKey });
  const evidencePaths = data.evidence.map((item) => item.evidence.path);
  const html = await writeReportHtml(
    values.out,
    renderReportHtml(data),
    evidencePaths,
    values.force,
  );
  const lines = [
    `Wrote the report of ${data.dir} to ${html}: ${data.evidence.length} evidence, ` +
      `${data.bookmarks.length} bookmarks, ${data.lines.length} audit entries.`,
  ];
  let status = 0;
  if (!data.verification.intact) {
    lines.push(
      `The audit log is NOT intact (the report says so): ${data.verification.problems[0]}`,
    );
    status = 1;
  }
  if (values.pdf) {
    try {
      lines.push(
        `Printed it to ${await printReportPdf(html, values.pdf, evidencePaths, values.force)}.`,
      );
    } catch (error) {
      await io.out(`${lines.join('\n')}\n`);
      throw error;
    }
  }
  await io.out(`${lines.join('\n')}\n`);
  return status;
}
