const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** "16.0 MiB", as numfmt --to=iec-i prints it; exact in bigint up to the last step. */
export function formatBytes(total: bigint): string {
  let bytes = total;
  if (bytes < 1024n) return `${bytes} bytes`;
  let unit = 0;
  while (bytes >= 1024n * 1024n && unit < UNITS.length - 2) {
    bytes /= 1024n;
    unit++;
  }
  return `${(Number(bytes) / 1024).toFixed(1)} ${UNITS[unit + 1]}`;
}
