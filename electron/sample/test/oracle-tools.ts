// Runs the independent tools the tests trust (sgdisk, sfdisk, mmls, fsstat, fls, icat, fsck.fat,
// mtools) and parses the parts of their output the tests compare against.

import { spawnSync } from 'node:child_process';

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runTool(command: string, args: string[]): ToolResult {
  const result = spawnSync(command, args, { encoding: 'utf8', env: toolEnvironment() });
  if (result.error) {
    throw new Error(`Could not run ${command} (${result.error.message}); is it installed?`);
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a tool that must succeed and returns its raw standard output. */
export function toolBytes(command: string, args: string[]): Buffer {
  const result = spawnSync(command, args, { env: toolEnvironment(), maxBuffer: 1 << 28 });
  if (result.error) throw new Error(`Could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.toString()}`);
  }
  return result.stdout;
}

export function toolText(command: string, args: string[]): string {
  return toolBytes(command, args).toString('utf8');
}

export function hasTool(command: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command]).status === 0;
}

/** Fixed language and zone so that messages and times parse the same everywhere. */
function toolEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LANG: 'C', TZ: 'UTC' };
}

export interface MmlsRow {
  slot: string;
  start: number;
  end: number;
  length: number;
  description: string;
}

export function parseMmls(output: string): MmlsRow[] {
  const rows: MmlsRow[] = [];
  for (const line of output.split('\n')) {
    const match = /^\d+:\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, slot = '', start = '', end = '', length = '', description = ''] = match;
    rows.push({ slot, start: +start, end: +end, length: +length, description: description.trim() });
  }
  return rows;
}

export interface SectorRange {
  first: number;
  last: number;
}

/** fsstat's "File System Layout (in sectors)" block: "* FAT 0: 32 - 603" becomes FAT 0 -> 32..603. */
export function parseFsstatLayout(output: string): Map<string, SectorRange> {
  const layout = new Map<string, SectorRange>();
  const start = output.indexOf('File System Layout (in sectors)');
  const end = output.indexOf('METADATA INFORMATION', start);
  if (start < 0 || end < 0) throw new Error(`No layout section in fsstat output:\n${output}`);
  for (const line of output.slice(start, end).split('\n')) {
    const match = /^(?:\*+ )?([^:]+): (\d+)(?: - (\d+))?$/.exec(line.trim());
    if (!match) continue;
    const [, name = '', first = '', last] = match;
    layout.set(name, { first: +first, last: +(last ?? first) });
  }
  return layout;
}

/** fsstat's "Key: value" lines. */
export function parseFsstatFields(output: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^([A-Z][^:]*): (.*)$/.exec(line);
    if (match?.[1] && match[2] !== undefined) fields.set(match[1], match[2].trim());
  }
  return fields;
}

export interface FlsEntry {
  type: string;
  inode: string;
  path: string;
  /** With -l: written, accessed, changed, created, size, uid, gid. */
  details: string[];
}

/** `fls -r -p` lines such as "r/r 4:\tREADME.TXT"; the $MBR/$FAT virtual files are left out. */
export function parseFls(output: string): FlsEntry[] {
  const entries: FlsEntry[] = [];
  for (const line of output.split('\n')) {
    const match = /^(\S\/\S) (?:\* )?(\d+):\t(.*)$/.exec(line);
    if (!match || match[1]?.startsWith('v/') || match[1]?.startsWith('V/')) continue;
    const [path = '', ...details] = (match[3] ?? '').split('\t');
    entries.push({ type: match[1] ?? '', inode: match[2] ?? '', path, details });
  }
  return entries;
}

/**
 * fsck.fat -n on a clean volume prints exactly its version line and its summary line; any
 * finding (even the ones it calls harmless and exits 0 on) adds lines. Throws with the output.
 */
export function assertFsckFatClean(volumeImage: string): void {
  const result = runTool('fsck.fat', ['-n', volumeImage]);
  const lines = (result.stdout + result.stderr).split('\n').filter((line) => line.trim() !== '');
  const clean =
    result.status === 0 &&
    lines.length === 2 &&
    lines[0]?.startsWith('fsck.fat ') === true &&
    /: \d+ files, \d+\/\d+ clusters$/.test(lines[1] ?? '');
  if (!clean) {
    throw new Error(`fsck.fat -n found problems (exit ${result.status}):\n${lines.join('\n')}`);
  }
}
