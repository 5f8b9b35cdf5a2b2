// `sectorscope bookmark add DIR [--evidence ID|PATH] (--lba N [--count K] | --offset BYTES
//                           --length BYTES) --label L [--note T] [--colour C] [--json]`
// `sectorscope bookmark list DIR [--json]`
// `sectorscope bookmark edit DIR ID [--label L] [--note T] [--colour C] [--json]`
// `sectorscope bookmark delete DIR ID`
// Writes take --sign-key KEY in a case that signs its log.

import { openCase, pickEvidence } from '../case/case-handle';
import type { Bookmark } from '../case/case-types';
import { SectorscopeError } from '../shared/contract';
import { UsageError } from './cli-error';
import { caseDirArgument, parseSubcommand, headLine, signerOption } from './case-command';
import { wholeNumberOption } from './number-options';
import { parseJobArgs, type CommandIo } from './terminal/job-args';

const OPTIONS = {
  evidence: { type: 'string' },
  lba: { type: 'string' },
  count: { type: 'string' },
  offset: { type: 'string' },
  length: { type: 'string' },
  label: { type: 'string' },
  note: { type: 'string' },
  colour: { type: 'string' },
  color: { type: 'string' },
  'sign-key': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseJobArgs<typeof OPTIONS>>['values'];

/** The byte range --lba/--count or --offset/--length give, in sectors of `sectorSize`. */
export function rangeOptions(
  values: Values,
  sectorSize: number,
): { offset: bigint; length: bigint } {
  const byLba = values.lba !== undefined || values.count !== undefined;
  const byOffset = values.offset !== undefined || values.length !== undefined;
  if (byLba && byOffset) {
    throw new UsageError(
      'Give the range either as --lba N [--count K] or as --offset BYTES --length BYTES, not both.',
    );
  }
  if (byOffset) {
    if (values.offset === undefined || values.length === undefined) {
      throw new UsageError('--offset BYTES goes with --length BYTES.');
    }
    return {
      offset: wholeNumberOption(values.offset, '--offset'),
      length: wholeNumberOption(values.length, '--length', 1n),
    };
  }
  if (values.lba === undefined) {
    throw new UsageError('Say which bytes: --lba N [--count K] or --offset BYTES --length BYTES.');
  }
  const lba = wholeNumberOption(values.lba, '--lba');
  const count = values.count === undefined ? 1n : wholeNumberOption(values.count, '--count', 1n);
  return { offset: lba * BigInt(sectorSize), length: count * BigInt(sectorSize) };
}

function bookmarkLine(bookmark: Bookmark, sectorSize: number | null): string {
  const offset = BigInt(bookmark.offset);
  const last = offset + BigInt(bookmark.length) - 1n;
  const lba = sectorSize
    ? ` (LBA ${offset / BigInt(sectorSize)}${last / BigInt(sectorSize) === offset / BigInt(sectorSize) ? '' : `-${last / BigInt(sectorSize)}`})`
    : '';
  return `${bookmark.id} on ${bookmark.evidence}: bytes ${offset}-${last}${lba}, ${bookmark.length} bytes, ${bookmark.colour}, "${bookmark.label}"`;
}

const colourOf = (values: Values) => values.colour ?? values.color;

async function list(dir: string, json: boolean, io: CommandIo): Promise<number> {
  const record = await (await openCase(dir, { write: false })).read();
  const bookmarks = [...(record.state?.bookmarks.values() ?? [])];
  if (json) {
    await io.out(`${JSON.stringify(bookmarks, null, 2)}\n`);
  } else if (bookmarks.length === 0) {
    await io.out('No bookmarks.\n');
  } else {
    const evidence = record.state?.evidence ?? [];
    const lines = bookmarks.flatMap((bookmark) => {
      const sectorSize =
        evidence.find((item) => item.id === bookmark.evidence)?.logicalSectorSize ?? null;
      const note = bookmark.note ? bookmark.note.split('\n').map((line) => `    ${line}`) : [];
      return [bookmarkLine(bookmark, sectorSize), ...note];
    });
    await io.out(`${lines.join('\n')}\n`);
  }
  if (!record.verification.intact) {
    io.err.write(
      `sectorscope: the audit log of ${dir} does NOT check out: ${record.verification.problems[0]}\n`,
    );
    return 1;
  }
  return 0;
}

export async function runBookmarkCommand(args: string[], io: CommandIo): Promise<number> {
  const { sub, values, positionals } = await parseSubcommand(args, OPTIONS, io);
  if (sub === null) return 0;
  if (sub === 'list')
    return list(caseDirArgument(positionals, 'sectorscope bookmark list DIR'), values.json, io);
  const signer = await signerOption(values['sign-key']);
  const [dir, id, ...more] = positionals;
  if (!dir) throw new UsageError(`Name the case folder: sectorscope bookmark ${sub} DIR ...`);
  let bookmark: Bookmark;
  let handle;
  switch (sub) {
    case 'add': {
      if (id !== undefined)
        throw new UsageError(`bookmark add takes one case folder; also got "${id}".`);
      if (values.label === undefined) throw new UsageError('A bookmark needs --label TEXT.');
      handle = await openCase(dir, { write: true, signer });
      const { state } = await handle.read();
      if (!state)
        throw new SectorscopeError('INVALID_ARGUMENT', `The audit log of ${dir} cannot be read.`);
      const evidence = pickEvidence(state, values.evidence);
      const range = rangeOptions(values, evidence.logicalSectorSize);
      bookmark = await handle.addBookmark({
        evidence: evidence.id,
        offset: range.offset,
        length: range.length,
        label: values.label,
        note: values.note,
        colour: colourOf(values),
        origin: { kind: 'command-line' },
      });
      break;
    }
    case 'edit':
    case 'delete': {
      if (!id) throw new UsageError(`Name the bookmark: sectorscope bookmark ${sub} DIR ID.`);
      if (more.length > 0)
        throw new UsageError(
          `bookmark ${sub} takes one bookmark id; also got "${more.join(' ')}".`,
        );
      handle = await openCase(dir, { write: true, signer });
      if (sub === 'delete') {
        bookmark = await handle.deleteBookmark(id);
        break;
      }
      if (
        values.label === undefined &&
        values.note === undefined &&
        colourOf(values) === undefined
      ) {
        throw new UsageError('Say what to change: --label, --note or --colour.');
      }
      bookmark = await handle.updateBookmark(id, {
        label: values.label,
        note: values.note,
        colour: colourOf(values),
      });
      break;
    }
    default:
      throw new UsageError(`Unknown bookmark command "${sub}": add, list, edit or delete.`);
  }
  for (const notice of handle.notices) io.err.write(`sectorscope: repaired: ${notice}.\n`);
  if (values.json) {
    await io.out(`${JSON.stringify(bookmark, null, 2)}\n`);
    return 0;
  }
  const record = await handle.read();
  const sectorSize =
    record.state?.evidence.find((item) => item.id === bookmark.evidence)?.logicalSectorSize ?? null;
  const verb = { add: 'Added', edit: 'Changed', delete: 'Deleted' }[sub];
  await io.out(`${verb} ${bookmarkLine(bookmark, sectorSize)}.\n${headLine(record)}\n`);
  return 0;
}
