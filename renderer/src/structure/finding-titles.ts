/** Short names for the findings about volumes (their messages are long): shown above them. */
const TITLES: Readonly<Record<string, string>> = {
  FILESYSTEM_LARGER_THAN_PARTITION: 'File system larger than its partition',
  VOLUME_SLACK: 'Volume slack',
  FILESYSTEM_IN_GAP: 'File system in unallocated space',
  FILESYSTEM_SIGNATURES_AMBIVALENT: 'More than one signature on a volume',
};

export function findingTitle(code: string): string | null {
  return TITLES[code] ?? null;
}
