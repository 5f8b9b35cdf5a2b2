// Reads GNU ddrescue's mapfile: comment lines start with '#', then the status line
// "current_pos current_status [current_pass]", then one "pos size status" line per block.

export type DdrescueStatus = '?' | '*' | '/' | '-' | '+';

export interface DdrescueBlock {
  pos: bigint;
  size: bigint;
  status: DdrescueStatus;
}

export function parseDdrescueMap(text: string): DdrescueBlock[] {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (lines.length === 0) throw new Error('ddrescue mapfile has no status line');
  return lines.slice(1).map((line) => {
    const match = /^(0x[0-9a-f]+|\d+)\s+(0x[0-9a-f]+|\d+)\s+([?*/+-])$/i.exec(line);
    if (match === null) throw new Error(`ddrescue mapfile line is not "pos size status": ${line}`);
    return {
      pos: BigInt(match[1] ?? ''),
      size: BigInt(match[2] ?? ''),
      status: match[3] as DdrescueStatus,
    };
  });
}

/** Every LBA inside the blocks with the given status. */
export function sectorsWithStatus(
  blocks: readonly DdrescueBlock[],
  status: DdrescueStatus,
  sectorSize: number,
): bigint[] {
  const size = BigInt(sectorSize);
  const lbas: bigint[] = [];
  for (const block of blocks.filter((b) => b.status === status)) {
    if (block.pos % size !== 0n || block.size % size !== 0n) {
      throw new Error(
        `ddrescue block ${block.pos}+${block.size} is not whole ${sectorSize}-byte sectors`,
      );
    }
    for (let lba = block.pos / size; lba < (block.pos + block.size) / size; lba++) lbas.push(lba);
  }
  return lbas;
}
