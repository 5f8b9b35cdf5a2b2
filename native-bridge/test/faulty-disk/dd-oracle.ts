// GNU dd as the oracle for what a faulty device or file gives a reader: O_DIRECT reads of whole
// sectors, so that every read(2) reaches the medium as DiskReader's preads do.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from './run-tool';

let outputs = 0;

export interface DdRead {
  /** dd's read succeeded; `data` holds what it read. */
  ok: boolean;
  /** dd failed with "Input/output error" (EIO). */
  eio: boolean;
  data: Uint8Array | undefined;
  stderr: string;
}

/** One read(2) of `count` sectors at `lba` with O_DIRECT: bs is the whole span, skip in bytes. */
export async function ddRead(
  path: string,
  sectorSize: number,
  lba: bigint,
  count: number,
  workDir: string,
): Promise<DdRead> {
  const out = join(workDir, `dd-read-${++outputs}.bin`);
  const args = [`if=${path}`, `of=${out}`, 'iflag=direct,skip_bytes', 'count=1', 'status=none'];
  args.push(`bs=${count * sectorSize}`, `skip=${lba * BigInt(sectorSize)}`);
  const result = await runTool('dd', args, { timeoutMs: 30_000 });
  const ok = result.code === 0;
  return {
    ok,
    eio: !ok && /Input\/output error/.test(result.stderr),
    data: ok ? new Uint8Array(await readFile(out)) : undefined,
    stderr: result.stderr,
  };
}

export interface DdScan {
  /** dd's output: every sector, the ones it could not read zero-filled (conv=sync). */
  data: Uint8Array;
  /** The sectors whose read failed, ascending, each with dd's reason. */
  errors: { lba: bigint; reason: string }[];
  stderr: string;
}

/**
 * `dd iflag=direct bs=SECTOR conv=noerror,sync` over the whole of `path`. GNU dd prints its
 * statistics right after each read error, before it writes the zero-filled block; the
 * "N+0 records out" there is the number of sectors before the failed one, i.e. its LBA.
 */
export async function ddScan(path: string, sectorSize: number, workDir: string): Promise<DdScan> {
  const out = join(workDir, `dd-scan-${++outputs}.bin`);
  const args = [`if=${path}`, `of=${out}`, 'iflag=direct', `bs=${sectorSize}`, 'conv=noerror,sync'];
  const result = await runTool('dd', args, { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`dd ${args.join(' ')} failed: ${result.stderr}`);
  const errors: { lba: bigint; reason: string }[] = [];
  let reason: string | undefined;
  for (const line of result.stderr.split('\n')) {
    const error = /^dd: error reading .*: ([^:]+)$/.exec(line);
    if (error !== null) {
      reason = error[1];
      continue;
    }
    const out = /^(\d+)\+(\d+) records out$/.exec(line);
    if (out !== null && reason !== undefined) {
      errors.push({ lba: BigInt(out[1] ?? '') + BigInt(out[2] ?? ''), reason });
      reason = undefined;
    }
  }
  const errorLines = result.stderr.match(/^dd: error reading /gm)?.length ?? 0;
  if (errorLines !== errors.length) {
    throw new Error(`cannot place each of dd's ${errorLines} read errors:\n${result.stderr}`);
  }
  return { data: new Uint8Array(await readFile(out)), errors, stderr: result.stderr };
}
