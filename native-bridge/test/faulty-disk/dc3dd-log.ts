// Reads the input section of a dc3dd 7.x log:
//   sector size: 512 bytes (probed)
//   [!!] reading `/dev/loop0' at sector 7 : Input/output error
//   [!!] 2 occurrences while reading `/dev/loop0' from sector 100 to sector 101 : Input/output error
//   input results for device `/dev/loop0':
//      2048 sectors in
//      3 bad sectors replaced by zeros
//      2ab31cf7fb93f4e743c5c985fc5906e6 (md5)

export interface Dc3ddInputReport {
  sectorSize: number;
  sectorsIn: bigint;
  /** "N bad sectors replaced by zeros"; dc3dd omits the line when there are none. */
  badSectors: bigint;
  /** Digests of the input by algorithm name, e.g. { md5: '...', sha256: '...' }. */
  digests: Record<string, string>;
  /** The error reports' sector spans, [first, last] inclusive. */
  errorSpans: [bigint, bigint][];
}

export function parseDc3ddLog(log: string): Dc3ddInputReport {
  const sectorSize = /^sector size: (\d+) bytes/m.exec(log)?.[1];
  const inputStart = log.search(/^input results for /m);
  if (sectorSize === undefined || inputStart < 0) {
    throw new Error(`not a complete dc3dd log (no sector size or input results):\n${log}`);
  }
  const input = log.slice(inputStart).split(/\n\s*\n/)[0] ?? '';
  const sectorsIn = /^\s*(\d+) sectors in$/m.exec(input)?.[1];
  if (sectorsIn === undefined) throw new Error(`dc3dd log has no "sectors in" line:\n${input}`);
  const badSectors = /^\s*(\d+) bad sectors replaced by zeros$/m.exec(input)?.[1] ?? '0';
  const digests: Record<string, string> = {};
  for (const [, digest, algorithm] of input.matchAll(/^\s*([0-9a-f]+) \((\w+)\)$/gm)) {
    if (digest !== undefined && algorithm !== undefined) digests[algorithm] = digest;
  }
  const errorSpans: [bigint, bigint][] = [];
  for (const match of log.matchAll(/^\[!!\] .*? at sector (\d+) :/gm)) {
    errorSpans.push([BigInt(match[1] ?? ''), BigInt(match[1] ?? '')]);
  }
  for (const match of log.matchAll(
    /^\[!!\] \d+ occurrences .*? from sector (\d+) to sector (\d+) :/gm,
  )) {
    errorSpans.push([BigInt(match[1] ?? ''), BigInt(match[2] ?? '')]);
  }
  return {
    sectorSize: Number(sectorSize),
    sectorsIn: BigInt(sectorsIn),
    badSectors: BigInt(badSectors),
    digests,
    errorSpans,
  };
}
