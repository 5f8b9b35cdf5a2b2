// `sectorscope map IMAGE [--full] [--cells N] [--json] [--png FILE [--force]]`: the content map
// of a disk or image (electron/shared/content-map): a quick map by default, every byte with
// --full. --png draws the picture the viewer draws, written as exports are (never onto the
// evidence, under a hidden name until complete, with FILE.sha256 beside it).

import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, writeSync } from 'node:fs';
import type { DiskFacts } from '../jobs/launch-job';
import { openExportDestination } from '../jobs/export-destination';
import { checksumPathOf, closeQuietly } from '../jobs/export-placement';
import packageJson from '../../package.json';
import type { MapCellView, MapClass, MapResult } from '../shared/contract';
import {
  DEFAULT_MAP_CELLS,
  MAP_CLASSES,
  MAP_LEGEND,
  MAP_PALETTE,
  MAX_MAP_CELLS,
  drawMap,
  mapPicture,
  type MapPicture,
} from '../shared/content-map';
import { UsageError } from './cli-error';
import { formatBytes } from './info-command';
import { wholeNumberOption } from './number-options';
import { encodePng } from './png-image';
import { rangeText, rateText, type CommandIo } from './terminal/job-args';
import {
  closingJson,
  commonJson,
  runJobCommand,
  type JobCommand,
  type JobRunReport,
  type SideFile,
} from './terminal/job-command';
import { unreadableWarning } from './terminal/sector-list';

const MAP_OPTIONS = {
  full: { type: 'boolean', default: false },
  cells: { type: 'string' },
  png: { type: 'string' },
  force: { type: 'boolean', default: false },
} as const;

/** Runs of cells of one class listed in the text output; --json has every cell. */
const MAX_RUNS_SHOWN = 64;

function parseCells(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAP_CELLS;
  const cells = wholeNumberOption(text, '--cells', 1n);
  if (cells > BigInt(MAX_MAP_CELLS)) {
    throw new UsageError(`--cells must be 1 to ${MAX_MAP_CELLS}; got ${text}.`);
  }
  return Number(cells);
}

/** Consecutive cells of one class: "LBA 0-2047  zero  (3 cells, entropy 0.0000)". */
function runLines(cells: readonly MapCellView[]): string[] {
  const runs: {
    first: MapCellView;
    last: MapCellView;
    cells: number;
    low: number;
    high: number;
  }[] = [];
  for (const cell of cells) {
    const run = runs.at(-1);
    const entropy = cell.entropy ?? 0;
    if (run && run.first.class === cell.class) {
      run.last = cell;
      run.cells++;
      run.low = Math.min(run.low, entropy);
      run.high = Math.max(run.high, entropy);
    } else {
      runs.push({ first: cell, last: cell, cells: 1, low: entropy, high: entropy });
    }
  }
  const width = Math.max(...runs.map((run) => `${run.first.start}-${run.last.end}`.length));
  const lines = runs.slice(0, MAX_RUNS_SHOWN).map((run) => {
    const where = `${run.first.start}-${run.last.end}`.padEnd(width);
    const entropy =
      run.low === run.high ? run.low.toFixed(2) : `${run.low.toFixed(2)}-${run.high.toFixed(2)}`;
    const count = run.cells === 1 ? '1 cell' : `${run.cells} cells`;
    return `  LBA ${where}  ${String(run.first.class).padEnd(10)} ${count}, entropy ${entropy}`;
  });
  if (runs.length > MAX_RUNS_SHOWN) {
    lines.push(`  ... ${runs.length - MAX_RUNS_SHOWN} more runs (--json lists every cell).`);
  }
  return lines;
}

/** Cells of each class present, in the legend's order. */
function classCounts(cells: readonly MapCellView[]): Partial<Record<MapClass, number>> {
  const counts: Partial<Record<MapClass, number>> = {};
  for (const name of MAP_CLASSES) {
    const count = cells.filter((cell) => cell.class === name).length;
    if (count > 0) counts[name] = count;
  }
  return counts;
}

function cellJson(cell: MapCellView) {
  return {
    start: Number(cell.start),
    end: Number(cell.end),
    class: cell.class,
    entropy: cell.entropy,
    mix: cell.mix,
    bytes: cell.bytes,
    unreadableSectors: cell.unreadableSectors,
    ...(cell.fillByte === null ? {} : { fillByte: cell.fillByte }),
    exact: cell.exact,
  };
}

interface WrittenPng {
  path: string;
  sha256: string;
  picture: MapPicture;
}

/** The PNG's destination, opened (and checked) before the map is made. */
async function pngFile(
  target: string,
  disk: DiskFacts,
  overwrite: boolean,
  written: (png: WrittenPng) => void,
): Promise<SideFile<MapResult>> {
  const destination = await openExportDestination({ path: target, overwrite }, disk.path);
  let open = true;
  const close = () => {
    if (open) closeQuietly(destination.fd);
    open = false;
  };
  return {
    async write({ result, lba, count }) {
      try {
        const picture = mapPicture(result.cells.length);
        const png = encodePng(picture.width, picture.height, drawMap(result.cells, picture), {
          Title: `Content map of ${disk.path}`,
          Description:
            `${result.mode} map of LBA ${lba}-${lba + count - 1n}: ${result.cells.length} cells, ` +
            `${picture.columns} a row from the top left, ${picture.cellPx} px each`,
          Comment: MAP_LEGEND.map((entry) => `${entry.label} ${entry.colour}`).join(', '),
          Software: `Sectorscope ${packageJson.version}`,
        });
        for (let done = 0; done < png.length;) {
          done += writeSync(destination.fd, png, done, png.length - done);
        }
        fsyncSync(destination.fd);
        closeSync(destination.fd);
        open = false;
        const sha256 = createHash('sha256').update(png).digest('hex');
        await destination.commit(sha256);
        written({ path: destination.path, sha256, picture });
      } catch (error) {
        close();
        destination.discard();
        throw error;
      }
    },
    discard() {
      close();
      destination.discard();
    },
  };
}

function mapCommand(): JobCommand<typeof MAP_OPTIONS, MapResult> {
  let png: WrittenPng | undefined;
  return {
    name: 'map',
    verb: 'Mapping',
    kind: 'map',
    options: MAP_OPTIONS,
    plan: (values) => {
      if (values.force && values.png === undefined) {
        throw new UsageError('--force goes with --png FILE (it lets the PNG replace FILE).');
      }
      if (values.png === '') throw new UsageError('--png needs the name of the file to write.');
      const cells = parseCells(values.cells);
      return { spec: { kind: 'map', mode: values.full ? 'full' : 'quick', cells } };
    },
    sideFile: async (values, disk) =>
      values.png === undefined
        ? undefined
        : pngFile(values.png, disk, values.force === true, (written) => (png = written)),
    json: (report: JobRunReport<MapResult>) => {
      const { result } = report;
      return {
        path: report.disk.path,
        ...commonJson(report),
        mode: result.mode,
        image: { ...result.image, size: Number(result.image.size) },
        samplesPerCell: result.samplesPerCell,
        unitBytes: result.unitBytes,
        rules: result.rules,
        cellCount: result.cells.length,
        classes: classCounts(result.cells),
        palette: MAP_PALETTE,
        ...(png ? { png: png.path, pngSha256: png.sha256 } : {}),
        cells: result.cells.map(cellJson),
        ...closingJson(report),
      };
    },
    text: ({ disk, lba, count, result }) => {
      const cells = result.cells;
      const how =
        result.mode === 'full'
          ? 'full map, every byte read'
          : `quick map, ${result.samplesPerCell} samples of 4 KiB a cell`;
      const counts = classCounts(cells);
      const shares = Object.entries(counts)
        .map(([name, n]) => `${name} ${((100 * n) / cells.length).toFixed(1)}%`)
        .join(', ');
      const lines = [
        `Mapped ${disk.path}, ${rangeText(lba, count, disk.logicalSectorSize)}: ${how}, ` +
          `${cells.length} cells; ${formatBytes(BigInt(result.bytes))} read in ` +
          `${rateText(BigInt(result.bytes), result.seconds)}.`,
        `Cells by class: ${shares}.`,
        'Runs of cells of one class:',
        ...runLines(cells),
        unreadableWarning(result.badSectors, 'are mapped as unreadable'),
      ];
      if (png) {
        lines.push(
          `PNG: ${png.path} (${png.picture.width}x${png.picture.height} px, ` +
            `${png.picture.columns} cells a row from the top left, ${png.picture.cellPx} px a cell), ` +
            `SHA-256 ${png.sha256} in ${checksumPathOf(png.path)}`,
        );
      }
      return lines;
    },
  };
}

export function runMapCommand(args: string[], io: CommandIo): Promise<number> {
  return runJobCommand(mapCommand(), args, io);
}
