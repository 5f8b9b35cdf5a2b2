// `sectorscope search PATH (--hex "4E 54 ?? 53" | --text S [--utf16le] [--ignore-case])
//  [--aligned] [--max-hits N] [--lba N --count K] [--retries N] [--json]`

import type { SearchHit, SearchPattern, SearchResult } from '../shared/contract';
import { compileSearchPattern, type CompiledPattern } from '../shared/search-pattern';
import { DEFAULT_MAX_HITS, MAX_MAX_HITS } from '../jobs/job-validation';
import { rangeText, rateText, type CommandIo } from './terminal/job-args';
import { closingJson, commonJson, runJobCommand, type JobCommand } from './terminal/job-command';
import { unreadableWarning } from './terminal/sector-list';
import { UsageError } from './cli-error';

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

const SEARCH_OPTIONS = {
  hex: { type: 'string' },
  text: { type: 'string' },
  utf16le: { type: 'boolean', default: false },
  'ignore-case': { type: 'boolean', default: false },
  aligned: { type: 'boolean', default: false },
  'max-hits': { type: 'string' },
} as const;

/** The search command for one run: it keeps the hits (JSON) or prints them as they come. */
function searchCommand(io: CommandIo): JobCommand<typeof SEARCH_OPTIONS, SearchResult> {
  const hits: SearchHit[] = [];
  let lastOffset: string | undefined;
  let compiled: CompiledPattern | undefined;
  // Text output streams hits as they come; writes are chained so they stay in order.
  let printing = Promise.resolve();
  return {
    name: 'search',
    verb: 'Searching',
    kind: 'search',
    options: SEARCH_OPTIONS,
    onePathHint: '(Quote a pattern that has spaces.)',
    plan: (values) => {
      const chosen = patternFromOptions(values);
      compiled = chosen.compiled;
      const maxHits = parseMaxHits(values['max-hits']);
      const spec = {
        kind: 'search',
        pattern: chosen.pattern,
        alignedToSector: values.aligned,
        maxHits,
      } as const;
      return {
        spec,
        onHits: (batch, progress) => {
          lastOffset = batch.at(-1)?.offset ?? lastOffset;
          if (values.json) {
            hits.push(...batch);
            return;
          }
          progress.clear();
          const length = chosen.compiled.length;
          const text = batch.map((hit) => `${hitLine(hit, length)}\n`).join('');
          printing = printing.then(() => io.out(text));
        },
        // Hits already on their way to stdout are written, also when the job fails or is cancelled.
        settle: () => printing.catch(() => undefined),
      };
    },
    json: (report, values) => ({
      path: report.disk.path,
      pattern: compiled?.description,
      alignedToSector: values.aligned,
      ...commonJson(report),
      hitCount: report.result.hits,
      truncated: report.result.truncated,
      hits: hits.map((hit) => ({
        offset: Number(hit.offset),
        lba: Number(hit.lba),
        context: hit.context,
        contextStart: hit.contextStart,
      })),
      ...closingJson(report),
    }),
    text: ({ disk, lba, count, result }, values) => {
      const where = values.aligned ? ' at sector starts' : '';
      const hitsText = result.hits === 1 ? '1 hit' : `${result.hits} hits`;
      const lines = [
        `${hitsText} for ${compiled?.description}${where} in ${disk.path}, ` +
          `${rangeText(lba, count, disk.logicalSectorSize)}: ${result.bytes} bytes searched in ` +
          `${rateText(BigInt(result.bytes), result.seconds)}.`,
      ];
      if (result.truncated) {
        lines.push(
          `Stopped at ${parseMaxHits(values['max-hits'])} hits (--max-hits): there are more ` +
            `after offset ${lastOffset ?? 'the last one shown'}.`,
        );
      }
      lines.push(
        unreadableWarning(result.badSectors, 'were not searched (no hit is reported in them)'),
      );
      return lines;
    },
  };
}

export function runSearchCommand(args: string[], io: CommandIo): Promise<number> {
  return runJobCommand(searchCommand(io), args, io);
}
