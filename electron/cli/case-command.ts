// `sectorscope case init DIR --evidence IMAGE [--evidence IMAGE...] [--examiner NAME]
//                        [--sector-size N] [--sign-key KEY] [--json]`
// `sectorscope case info DIR [--json]`
// `sectorscope case add-evidence DIR --evidence IMAGE [--sector-size N] [--sign-key KEY] [--json]`

import { openCase, createCase } from '../case/case-handle';
import type { CaseRecord } from '../case/audit-append';
import type { EvidenceIdentity } from '../case/case-types';
import { loadSigner, type Signer } from '../case/signing';
import { UsageError } from './cli-error';
import { formatBytes } from './info-command';
import { sectorSizeOption } from './open-source-option';
import type { ParseArgsConfig } from 'node:util';
import { parseJobArgs, type CommandIo } from './terminal/job-args';
import { USAGE } from './usage';

/**
 * `COMMAND SUB ARGS...` of the case commands: the subcommand and its options. `sub` is null
 * when help was asked for (printed here).
 */
export async function parseSubcommand<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  io: CommandIo,
) {
  const [sub, ...rest] = args;
  const parsed = parseJobArgs(rest, options);
  const help = sub === undefined || sub === 'help' || (parsed.values as { help?: boolean }).help;
  if (help) await io.out(USAGE);
  return { ...parsed, sub: help ? null : (sub as string) };
}

/** The one DIR a case command takes. */
export function caseDirArgument(positionals: string[], usage: string): string {
  const [dir, ...more] = positionals;
  if (!dir) throw new UsageError(`Name the case folder: ${usage}.`);
  if (more.length > 0) {
    throw new UsageError(
      `Only one case folder, please; also got ${more.map((m) => `"${m}"`).join(', ')}. ${usage}.`,
    );
  }
  return dir;
}

export async function signerOption(path: string | undefined): Promise<Signer | null> {
  return path === undefined ? null : loadSigner(path);
}

export function evidenceLine(evidence: EvidenceIdentity): string {
  const size = BigInt(evidence.size);
  return (
    `  ${evidence.id}  ${evidence.path}: ${evidence.description}; ${size} bytes ` +
    `(${formatBytes(size)}), ${evidence.sectorCount} sectors`
  );
}

export function headLine(record: Pick<CaseRecord, 'file'>): string {
  const { entries, lastHash } = record.file.audit;
  return `Audit log: ${entries} entries; last hash ${lastHash}.`;
}

function caseJson(dir: string, record: CaseRecord) {
  const { file, state } = record;
  return {
    dir,
    id: file.id,
    created: file.created,
    examiner: file.examiner,
    signing: file.signing?.fingerprint ?? null,
    evidence: state?.evidence ?? file.evidence,
    bookmarks: state?.bookmarks.size ?? 0,
    audit: { entries: file.audit.entries, lastHash: file.audit.lastHash },
    intact: record.verification.intact,
    problems: record.verification.problems,
  };
}

const OPTIONS = {
  evidence: { type: 'string', multiple: true },
  examiner: { type: 'string' },
  'sector-size': { type: 'string' },
  'sign-key': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function runCaseCommand(args: string[], io: CommandIo): Promise<number> {
  const { sub, values, positionals } = await parseSubcommand(args, OPTIONS, io);
  if (sub === null) return 0;
  const sectorSize = sectorSizeOption(values['sector-size']);
  const evidence = (values.evidence ?? []).map((path) => ({
    path,
    ...(sectorSize ? { sectorSize } : {}),
  }));
  switch (sub) {
    case 'init': {
      const dir = caseDirArgument(positionals, 'sectorscope case init DIR --evidence IMAGE');
      if (evidence.length === 0) {
        throw new UsageError('Name the evidence: sectorscope case init DIR --evidence IMAGE.');
      }
      const record = await createCase(dir, {
        evidence,
        examiner: values.examiner ?? null,
        signer: await signerOption(values['sign-key']),
      });
      if (values.json) {
        await io.out(`${JSON.stringify(caseJson(dir, record), null, 2)}\n`);
        return 0;
      }
      const lines = [
        `Created the case in ${dir} (case ${record.file.id}).`,
        ...record.file.evidence.map(evidenceLine),
        headLine(record),
      ];
      if (record.file.signing)
        lines.push(`Every entry is signed with the key ${record.file.signing.fingerprint}.`);
      await io.out(`${lines.join('\n')}\n`);
      return 0;
    }
    case 'info': {
      const dir = caseDirArgument(positionals, 'sectorscope case info DIR');
      const handle = await openCase(dir, { write: false });
      const record = await handle.read();
      if (values.json) {
        await io.out(`${JSON.stringify(caseJson(dir, record), null, 2)}\n`);
        return 0;
      }
      const { file, state, verification } = record;
      const lines = [
        `Case ${file.id} in ${handle.dir}`,
        `Examiner: ${file.examiner ?? 'not named'}; created ${file.created}.`,
        'Evidence:',
        ...(state?.evidence ?? file.evidence).map(evidenceLine),
        `Bookmarks: ${state?.bookmarks.size ?? 0}.`,
        headLine(record),
        verification.intact
          ? 'The audit log checks out (sectorscope audit verify says more).'
          : `The audit log does NOT check out: ${verification.problems[0]}`,
      ];
      await io.out(`${lines.join('\n')}\n`);
      return 0;
    }
    case 'add-evidence': {
      const dir = caseDirArgument(
        positionals,
        'sectorscope case add-evidence DIR --evidence IMAGE',
      );
      if (evidence.length === 0)
        throw new UsageError('Name the evidence to add: --evidence IMAGE.');
      const handle = await openCase(dir, {
        write: true,
        signer: await signerOption(values['sign-key']),
      });
      const added: EvidenceIdentity[] = [];
      for (const request of evidence) {
        const result = await handle.ensureEvidence(request);
        if (result.added) added.push(result.evidence);
        else
          await io.err.write(
            `sectorscope: ${request.path} is in the case already, as ${result.evidence.id}.\n`,
          );
      }
      const record = await handle.read();
      for (const notice of handle.notices)
        await io.err.write(`sectorscope: repaired: ${notice}.\n`);
      if (values.json) {
        await io.out(`${JSON.stringify(added, null, 2)}\n`);
        return 0;
      }
      await io.out(
        `${[...added.map((item) => `Added${evidenceLine(item).slice(1)}`), headLine(record)].join('\n')}\n`,
      );
      return 0;
    }
    default:
      throw new UsageError(`Unknown case command "${sub}": init, info or add-evidence.`);
  }
}
