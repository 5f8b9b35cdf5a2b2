// The file system commands, through The Sleuth Kit on the source seam: `files` (every entry,
// deleted ones too, as fls -r -p), `owner` (the file holding an LBA, as ifind -d and ffind),
// `extents` (a file's runs of LBAs, as istat's block list) and `cat` (a file's content, as icat).

import type { ParseArgsConfig } from 'node:util';
import {
  defaultCacheDir,
  SourceFileSystems,
  type FileSystemThread,
  type FsTarget,
  type WorkProgress,
} from '../files';
import { SectorscopeError } from '../shared/contract';
import type { ExtentsJson, FileEntryJson, OwnerJson } from '../shared/files/file-entry';
import { parseInodeAddress, type InodeAddress } from '../shared/files/inode-address';
import { exportDirectory, exportFile } from '../jobs/file-export';
import { UsageError } from './cli-error';
import { wholeNumberOption } from './number-options';
import { openPathOption } from './open-source-option';
import { cancelOnSignals, parseJobArgs, type CommandIo } from './terminal/job-args';

/** Where the file commands write: `cat` writes bytes. */
export interface FilesIo {
  out: (chunk: string | Uint8Array) => Promise<void>;
  err: CommandIo['err'];
}

const COMMON = {
  partition: { type: 'string' },
  json: { type: 'boolean', default: false },
  'sector-size': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

function partitionOption(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(wholeNumberOption(text, '--partition'));
}

function inodeOption(text: string | undefined): InodeAddress {
  if (text === undefined) {
    throw new UsageError(
      'Missing --inode: the metadata address as files prints it (64 or 64-128-2).',
    );
  }
  const address = parseInodeAddress(text);
  if (!address) {
    throw new UsageError(
      `--inode must be ADDR, ADDR-TYPE or ADDR-TYPE-ID (64-128-2); got "${text}".`,
    );
  }
  return address;
}

/** Opens the source and its file systems, runs `use`, and closes both whatever happens. */
async function withFileSystems<T>(
  path: string | undefined,
  sectorSize: string | undefined,
  cacheDir: string | null,
  use: (systems: SourceFileSystems) => Promise<T>,
): Promise<T> {
  const source = await openPathOption(path, sectorSize);
  const systems = new SourceFileSystems(source, { cacheDir });
  try {
    return await use(systems);
  } finally {
    await systems.close();
    await source.close();
  }
}

async function openTarget(
  systems: SourceFileSystems,
  partition: number | undefined,
): Promise<{ target: FsTarget; fs: FileSystemThread }> {
  const target = await systems.target(partition);
  return { target, fs: await systems.fileSystem(target) };
}

function warn(io: FilesIo, warnings: string[]): void {
  for (const warning of warnings) io.err.write(`sectorscope: warning: ${warning}\n`);
}

/** fls's two-letter type column. */
const TYPE_LETTERS: Record<FileEntryJson['type'], string> = {
  unknown: '-',
  fifo: 'p',
  'character-device': 'c',
  directory: 'd',
  'block-device': 'b',
  file: 'r',
  symlink: 'l',
  socket: 's',
  shadow: 'h',
  whiteout: 'w',
  virtual: 'v',
  'virtual-directory': 'V',
};

function entryLine(entry: FileEntryJson): string {
  const letter = TYPE_LETTERS[entry.type];
  const deleted = entry.allocated ? '' : '* ';
  const modified = entry.modified ?? '-';
  return `${letter} ${deleted}${entry.address}\t${entry.size}\t${modified}\t${entry.path}\n`;
}

/** `sectorscope files IMAGE [--partition N] [--json]`. */
export async function runFilesCommand(args: string[], io: FilesIo): Promise<number> {
  const { values, positionals } = parseJobArgs(args, COMMON);
  const partition = partitionOption(values.partition);
  return withFileSystems(positionals[0], values['sector-size'], null, async (systems) => {
    const { fs } = await openTarget(systems, partition);
    const cancel = cancelOnSignals();
    let first = true;
    let pending = Promise.resolve();
    if (values.json) await io.out('[');
    try {
      const { warnings } = await fs.list(
        (entries) => {
          const text = values.json
            ? entries
                .map((e) => `${first ? ((first = false), '\n') : ',\n'}${JSON.stringify(e)}`)
                .join('')
            : entries.map(entryLine).join('');
          pending = pending.then(() => io.out(text));
        },
        { signal: cancel.signal },
      );
      await pending;
      if (values.json) await io.out(first ? ']\n' : '\n]\n');
      warn(io, warnings);
    } finally {
      cancel.dispose();
    }
    return 0;
  });
}

function ownerLine(owner: OwnerJson): string {
  const where = [
    owner.partition === null ? null : `partition ${owner.partition}`,
    owner.filesystem,
    owner.block === null ? null : `block ${owner.block}`,
  ].filter(Boolean);
  return `LBA ${owner.lba}: ${owner.description}${where.length ? ` [${where.join(', ')}]` : ''}\n`;
}

function progressWriter(io: FilesIo): (label: string) => (progress: WorkProgress) => void {
  return (label) => (progress) => {
    if (io.err.isTTY) io.err.write(`\r\x1b[KIndexing ${label}: ${progress.phase} ${progress.done}`);
  };
}

/** `sectorscope owner IMAGE --lba N [--lba M...] [--partition N] [--json] [--no-cache]`. */
export async function runOwnerCommand(args: string[], io: FilesIo): Promise<number> {
  const { values, positionals } = parseJobArgs(args, {
    ...COMMON,
    lba: { type: 'string', multiple: true },
    'no-cache': { type: 'boolean', default: false },
  });
  const lbas = (values.lba ?? []).map((text) => wholeNumberOption(text, '--lba'));
  if (lbas.length === 0) throw new UsageError('Missing --lba: the sector to find the owner of.');
  const partition = partitionOption(values.partition);
  const cacheDir = values['no-cache'] ? null : defaultCacheDir();
  return withFileSystems(positionals[0], values['sector-size'], cacheDir, async (systems) => {
    const sectorCount = systems.source.geometry.sectorCount;
    const beyond = lbas.find((lba) => lba >= sectorCount);
    if (beyond !== undefined) {
      throw new SectorscopeError(
        'OUT_OF_RANGE',
        `LBA ${beyond} is past the end of the disk (it has ${sectorCount} sectors).`,
      );
    }
    const cancel = cancelOnSignals();
    const progress = progressWriter(io);
    const owners: OwnerJson[] = [];
    try {
      for (const lba of lbas) {
        const label = `the file system for LBA ${lba}`;
        owners.push(
          await systems.owner(lba, partition, {
            signal: cancel.signal,
            onProgress: progress(label),
          }),
        );
      }
    } finally {
      if (io.err.isTTY) io.err.write('\r\x1b[K');
      cancel.dispose();
    }
    await io.out(
      values.json ? `${JSON.stringify(owners, null, 2)}\n` : owners.map(ownerLine).join(''),
    );
    return 0;
  });
}

function extentsText(extents: ExtentsJson): string {
  const lines = [
    `inode ${extents.address}: ${extents.size} bytes, ${extents.allocatedSize} allocated ` +
      `in ${extents.blockSize}-byte blocks, ${extents.extents.length} run(s)`,
    'LBA\tsectors\tfile offset\tblock\tblocks',
    ...extents.extents.map((e) =>
      e.sparse
        ? `sparse\t-\t${e.offset}\t-\t${e.blocks}`
        : `${e.lba}\t${e.length}\t${e.offset}\t${e.block}\t${e.blocks}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** `sectorscope extents IMAGE --partition N --inode X [--json]`. */
export async function runExtentsCommand(args: string[], io: FilesIo): Promise<number> {
  const { values, positionals } = parseJobArgs(args, { ...COMMON, inode: { type: 'string' } });
  const address = inodeOption(values.inode);
  const partition = partitionOption(values.partition);
  return withFileSystems(positionals[0], values['sector-size'], null, async (systems) => {
    const { fs } = await openTarget(systems, partition);
    const { warnings, ...extents } = await fs.extents(address);
    await io.out(values.json ? `${JSON.stringify(extents, null, 2)}\n` : extentsText(extents));
    warn(io, warnings);
    return 0;
  });
}

const CAT_CHUNK = 4 * 1024 * 1024;

/** `sectorscope cat IMAGE --partition N --inode X [--slack]`: the content on stdout. */
export async function runCatCommand(args: string[], io: FilesIo): Promise<number> {
  const { values, positionals } = parseJobArgs(args, {
    ...COMMON,
    inode: { type: 'string' },
    slack: { type: 'boolean', default: false },
  });
  const address = inodeOption(values.inode);
  const partition = partitionOption(values.partition);
  return withFileSystems(positionals[0], values['sector-size'], null, async (systems) => {
    const { fs } = await openTarget(systems, partition);
    const warnings = new Set<string>();
    let offset = 0n;
    for (;;) {
      const chunk = await fs.readFile(address, offset, CAT_CHUNK, values.slack);
      for (const warning of chunk.warnings) warnings.add(warning);
      if (chunk.bytes.length === 0) break;
      await io.out(chunk.bytes);
      offset += BigInt(chunk.bytes.length);
    }
    warn(io, [...warnings]);
    return 0;
  });
}

/**
 * `sectorscope extract IMAGE [--partition N] (--inode X [--slack | --slack-only] | --dir PATH)
 * --out DEST [--force] [--json]`: a file's content (with or only its slack), or every file under
 * a directory, into new files, each with its SHA-256 beside it.
 */
export async function runExtractCommand(args: string[], io: FilesIo): Promise<number> {
  const { values, positionals } = parseJobArgs(args, {
    ...COMMON,
    inode: { type: 'string' },
    dir: { type: 'string' },
    out: { type: 'string' },
    slack: { type: 'boolean', default: false },
    'slack-only': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
  });
  if ((values.inode === undefined) === (values.dir === undefined)) {
    throw new UsageError('Name one of --inode X (a file) or --dir PATH (a directory).');
  }
  if (!values.out) throw new UsageError('Missing --out: the new file (or folder, with --dir).');
  if (values.slack && values['slack-only']) {
    throw new UsageError('--slack (content and slack) and --slack-only exclude each other.');
  }
  const out = values.out;
  const partition = partitionOption(values.partition);
  const address = values.inode === undefined ? undefined : inodeOption(values.inode);
  return withFileSystems(positionals[0], values['sector-size'], null, async (systems) => {
    const { fs } = await openTarget(systems, partition);
    const cancel = cancelOnSignals();
    const options = { overwrite: values.force, signal: cancel.signal };
    try {
      const sourcePath = systems.source.identity.path;
      const exported = address
        ? [
            await exportFile(
              fs,
              sourcePath,
              address,
              values['slack-only'] ? 'slack' : values.slack ? 'with-slack' : 'content',
              out,
              options,
            ),
          ]
        : await exportDirectory(fs, sourcePath, values.dir ?? '/', out, options);
      await io.out(
        values.json
          ? `${JSON.stringify(exported, null, 2)}\n`
          : exported
              .map((f) => `${f.sha256}  ${f.path}  (${f.bytes} bytes from ${f.from})\n`)
              .join(''),
      );
    } finally {
      cancel.dispose();
    }
    return 0;
  });
}
