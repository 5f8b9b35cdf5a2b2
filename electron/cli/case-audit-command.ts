// `sectorscope audit verify DIR [--json] [--public-key FILE] [--head N:HASH]`: checks the
// case's audit log (every line as written, the chain, signatures, a torn last line, the head in
// case.json, case.json against the log). Exit status 0 when it is intact, 1 naming the first
// bad line or what disagrees. --public-key pins the examiner's key; --head N:HASH (the head a
// report printed) checks that the log still holds that entry.

import { readCase } from '../case/audit-append';
import type { Verification } from '../case/audit-verify';
import { loadPublicKey } from '../case/signing';
import { UsageError } from './cli-error';
import { caseDirArgument, parseSubcommand } from './case-command';
import type { CommandIo } from './terminal/job-args';

const OPTIONS = {
  json: { type: 'boolean', default: false },
  'public-key': { type: 'string' },
  head: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function headOption(text: string | undefined): { entries: number; hash: string } | null {
  if (text === undefined) return null;
  const match = /^([1-9][0-9]*):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  if (!match)
    throw new UsageError(
      `--head is N:HASH, as a report prints it (12:5d1c…, the full hash); got "${text}".`,
    );
  return { entries: Number(match[1]), hash: match[2] as string };
}

/** --head: whether entry N of the log, as read, is the one a report named. */
function headProblem(
  verification: Verification,
  head: { entries: number; hash: string } | null,
): string | null {
  if (!head) return null;
  const entry = verification.reading.entries[head.entries - 1];
  if (!entry) {
    return `the log has no entry ${head.entries} that checks out, which the head given names: entries were removed.`;
  }
  return entry.hash === head.hash
    ? null
    : `entry ${head.entries} has the hash ${entry.hash}, not ${head.hash} as the head given says: the log was rewritten since.`;
}

export async function runAuditCommand(args: string[], io: CommandIo): Promise<number> {
  const { sub, values, positionals } = await parseSubcommand(args, OPTIONS, io);
  if (sub === null) return 0;
  if (sub !== 'verify') throw new UsageError(`Unknown audit command "${sub}": verify.`);
  const dir = caseDirArgument(positionals, 'sectorscope audit verify DIR');
  const head = headOption(values.head);
  const pinned =
    values['public-key'] === undefined ? null : await loadPublicKey(values['public-key']);
  const { verification, file } = await readCase(dir, pinned);
  const extra = headProblem(verification, head);
  const problems = extra ? [...verification.problems, extra] : verification.problems;
  const intact = problems.length === 0;
  const { reading } = verification;
  const signing = reading.state?.signing ?? null;
  if (values.json) {
    const json = {
      dir,
      intact,
      entries: reading.lineCount,
      lastHash: reading.entries.at(-1)?.hash ?? null,
      head: { entries: file.audit.entries, lastHash: file.audit.lastHash },
      firstBadLine: reading.problem?.line ?? null,
      torn: reading.torn ? { offset: reading.torn.offset, bytes: reading.torn.bytes.length } : null,
      headBehind: verification.head.behind,
      signedBy: signing?.fingerprint ?? null,
      problems,
    };
    await io.out(`${JSON.stringify(json, null, 2)}\n`);
    return intact ? 0 : 1;
  }
  const signed = signing
    ? `Every entry is signed with the key ${signing.fingerprint}.`
    : 'The entries are not signed.';
  if (intact) {
    await io.out(
      `The audit log of ${dir} is intact: ${reading.lineCount} entries, each as written and ` +
        `chained to the one before; case.json's head agrees (entry ${file.audit.entries}, ` +
        `${file.audit.lastHash}).\n${signed}\n`,
    );
    return 0;
  }
  await io.out(
    `The audit log of ${dir} is NOT intact:\n${problems.map((problem) => `  ${problem}`).join('\n')}\n` +
      `case.json's head: entry ${file.audit.entries}, ${file.audit.lastHash}. ${signed}\n`,
  );
  return 1;
}
