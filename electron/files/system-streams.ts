// Which files are the file system's own (its metadata) rather than a user's: NTFS's $MFT,
// $LogFile, $Bitmap and the $Extend files; the ext family's reserved inodes (the journal among
// them); FAT's and exFAT's areas that TSK shows as virtual files ($FAT1, $MBR, $ALLOC_BITMAP...);
// HFS+'s special files.

const NAME_TYPE_VIRTUAL = 10;
const NAME_TYPE_VIRTUAL_DIRECTORY = 11;

/** ext2/3/4 inodes below 11 are reserved; those that hold blocks, by what they hold. */
const EXT_RESERVED_LABELS: Record<number, string> = {
  1: 'bad blocks inode',
  5: 'boot loader inode',
  7: 'reserved group descriptor blocks',
  8: 'journal',
};

const isExt = (fsType: string) => /^ext[234]?$/.test(fsType);

export function isSystemStream(
  fsType: string,
  inode: number,
  rootInode: number,
  journalInode: number,
  path: string | null,
  nameType: number | null,
): boolean {
  if (nameType === NAME_TYPE_VIRTUAL || nameType === NAME_TYPE_VIRTUAL_DIRECTORY) return true;
  if (fsType === 'ntfs') return inode < 24 || (path?.startsWith('/$Extend/') ?? false);
  if (isExt(fsType)) return (inode < 11 && inode !== rootInode) || inode === journalInode;
  if (fsType.startsWith('hfs')) return inode < 16 && inode !== rootInode;
  return false;
}

/** What a system file without a name holds, where it is known ("journal"). */
export function systemLabel(fsType: string, inode: number, journalInode: number): string | null {
  if (!isExt(fsType)) return null;
  if (inode === journalInode) return 'journal';
  return EXT_RESERVED_LABELS[inode] ?? null;
}
