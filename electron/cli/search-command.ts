// `sectorscope search PATH (--hex "4E 54 ?? 53" | --text S [--utf16le] [--ignore-case])
//  [--aligned] [--max-hits N] [--lba N --count K] [--retries N] [--json]`

import type { SearchHit, SearchPattern } from '../shared/contract';
import { compileSearchPattern, type CompiledPattern } from '../shared/search-pattern';
import { DEFAULT_MAX_HITS, MAX_MAX_HITS } from '../jobs/job-validation';
import { runJobOnPath } from '../jobs/run-job-on-path';
import {
  COMMON_JOB_OPTIONS,
  diskAndRange,
  parseJobArgs,
  parseRetriesOption,
  rangeText,
  rateText,
  sectorSizeOption,
  type CommandIo,
} from '../jobs/terminal/job-args';
import { withJobTerminal } from '../jobs/terminal/job-terminal';
import { unreadableWarning } from '../jobs/terminal/sector-list';
import { UsageError } from './cli-error';
import { USAGE } from './usage';

interface PatternOptions {
  hex?: string;
  text?: string;
  utf16le?: boolean;
  'ignore-case'?: boolean;
}

/** The pattern the options name, compiled once: a malformed one is refused before any read. */
export function patternFromOptions(values: PatternOptions): {
  pattern: SearchPattern;
  compiled: CompiledPattern;
} {
  if (values.hex !== undefined && values.text !== undefined) {
    throw new UsageError('Give either --hex or --text, not both.');
  }
  let pattern: SearchPattern;
  if (values.hex !== undefined) {
    if (values.utf16le || values['ignore-case']) {
      throw new UsageError('--utf16le and --ignore-case go with --text, not with --hex.');
    }
    pattern = { type: 'hex', value: values.hex };
  } else if (values.text !== undefined) {
    const ignoreCase = values['ignore-case'] === true;
    pattern = { type: values.utf16le ? 'utf16le' : 'text', value: values.text, ignoreCase };
  } else {
    throw new UsageError('Say what to search for: --hex "4E 54 ?? 53" or --text "NTFS".');
  }
  const compiled = compileSearchPattern(pattern);
  if (!compiled.ok) throw new UsageError(compiled.message);
  return { pattern, compiled: compiled.pattern };
}

function parseMaxHits(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_HITS;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_MAX_HITS) {
    throw new UsageError(
      `--max-hits must be a whole number from 1 to ${MAX_MAX_HITS}; got "${text}".`,
    );
  }
  return value;
}

/** "4e 54 [46 53 20 20] 20 20": the hit's bytes in brackets within its context. */
export function formatContext(hit: SearchHit, patternLength: number): string {
  const bytes = hit.context.match(/../g) ?? [];
  const before = bytes.slice(0, hit.contextStart);
  const match = bytes.slice(hit.contextStart, hit.contextStart + patternLength);
  const after = bytes.slice(hit.contextStart + patternLength);
  return [...before, `[${match.join(' ')}]`, ...after].join(' ');
}

function hitLine(hit: SearchHit, patternLength: number): string {
  const hex = `0x${BigInt(hit.offset).toString(16).toUpperCase()}`;
  return `offset ${hit.offset} (${hex})  LBA ${hit.lba}  ${formatContext(hit, patternLength)}`;
}

export async function runSearchCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseJobArgs(args, {
    ...COMMON_JOB_OPTIONS,
    hex: { type: 'string' },
    text: { type: 'string' },
    utf16le: { type: 'boolean', default: false },
    'ignore-case': { type: 'boolean', default: false },
    aligned: { type: 'boolean', default: false },
    'max-hits': { type: 'string' },
  });
  if (values.help) {
    await io.out(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    throw new UsageError(
      `search takes one PATH; got ${positionals.length} (quote a pattern that has spaces).`,
    );
  }
  const { pattern, compiled } = patternFromOptions(values);
  const { length, description } = compiled;
  const maxHits = parseMaxHits(values['max-hits']);
  const retries = parseRetriesOption(values.retries);
  const { info, lba, count } = await diskAndRange(positionals[0], values);
  const hits: SearchHit[] = [];
  let lastOffset: string | undefined;
  const run = await withJobTerminal('Searching', io, async ({ signal, progress }) => {
    // Text output streams hits as they come; writes are chained so they stay in order.
    let printing = Promise.resolve();
    try {
      const done = await runJobOnPath(
        info.path,
        { lba, count },
        { kind: 'search', pattern, alignedToSector: values.aligned, maxHits },
        {
          retries,
          sectorSize: sectorSizeOption(values),
          signal,
          onProgress: (p) => progress.update(p),
          onHits: (batch) => {
            lastOffset = batch.at(-1)?.offset ?? lastOffset;
            if (values.json) {
              hits.push(...batch);
              return;
            }
            progress.clear();
            const text = batch.map((hit) => `${hitLine(hit, length)}\n`).join('');
            printing = printing.then(() => io.out(text));
          },
        },
      );
      await printing;
      return done;
    } finally {
      // Hits already on their way to stdout are written, also when the job fails or is cancelled.
      await printing.catch(() => undefined);
    }
  });
  const result = run.result;
  if (result.kind !== 'search') throw new Error('a search job returned another kind of result');
  if (values.json) {
    const json = {
      path: info.path,
      pattern: description,
      alignedToSector: values.aligned,
      lba: Number(lba),
      count: Number(count),
      sectorSize: info.logicalSectorSize,
      bytes: Number(result.bytes),
      hitCount: result.hits,
      truncated: result.truncated,
      hits: hits.map((hit) => ({
        offset: Number(hit.offset),
        lba: Number(hit.lba),
        context: hit.context,
        contextStart: hit.contextStart,
      })),
      badSectors: result.badSectors.map(Number),
      seconds: result.seconds,
    };
    await io.out(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  const where = values.aligned ? ' at sector starts' : '';
  const hitsText = result.hits === 1 ? '1 hit' : `${result.hits} hits`;
  const lines = [
    `${hitsText} for ${description}${where} in ${info.path}, ` +
      `${rangeText(lba, count, info.logicalSectorSize)}: ${result.bytes} bytes searched in ` +
      `${rateText(BigInt(result.bytes), result.seconds)}.`,
  ];
  if (result.truncated) {
    lines.push(
      `Stopped at ${maxHits} hits (--max-hits): there are more after offset ` +
        `${lastOffset ?? 'the last one shown'}.`,
    );
  }
  lines.push(
    unreadableWarning(result.badSectors, 'were not searched (no hit is reported in them)'),
  );
  await io.out(`${lines.join('\n')}\n`);
  return 0;
}
