// Names of the common MBR partition type bytes, spelled as util-linux (fdisk, sfdisk) spells them
// so that the names match what examiners already see; the test checks them against `sfdisk -T`.
const MBR_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00, 'Empty'],
  [0x01, 'FAT12'],
  [0x04, 'FAT16 <32M'],
  [0x05, 'Extended'],
  [0x06, 'FAT16'],
  [0x07, 'HPFS/NTFS/exFAT'],
  [0x0b, 'W95 FAT32'],
  [0x0c, 'W95 FAT32 (LBA)'],
  [0x0e, 'W95 FAT16 (LBA)'],
  [0x0f, "W95 Ext'd (LBA)"],
  [0x11, 'Hidden FAT12'],
  [0x12, 'Compaq diagnostics'],
  [0x14, 'Hidden FAT16 <32M'],
  [0x16, 'Hidden FAT16'],
  [0x17, 'Hidden HPFS/NTFS'],
  [0x1b, 'Hidden W95 FAT32'],
  [0x1c, 'Hidden W95 FAT32 (LBA)'],
  [0x1e, 'Hidden W95 FAT16 (LBA)'],
  [0x27, 'Hidden NTFS WinRE'],
  [0x39, 'Plan 9'],
  [0x42, 'SFS'],
  [0x63, 'GNU HURD or SysV'],
  [0x80, 'Old Minix'],
  [0x81, 'Minix / old Linux'],
  [0x82, 'Linux swap / Solaris'],
  [0x83, 'Linux'],
  [0x84, 'OS/2 hidden or Intel hibernation'],
  [0x85, 'Linux extended'],
  [0x86, 'NTFS volume set'],
  [0x87, 'NTFS volume set'],
  [0x88, 'Linux plaintext'],
  [0x8e, 'Linux LVM'],
  [0x9f, 'BSD/OS'],
  [0xa0, 'IBM Thinkpad hibernation'],
  [0xa5, 'FreeBSD'],
  [0xa6, 'OpenBSD'],
  [0xa8, 'Darwin UFS'],
  [0xa9, 'NetBSD'],
  [0xab, 'Darwin boot'],
  [0xaf, 'HFS / HFS+'],
  [0xbe, 'Solaris boot'],
  [0xbf, 'Solaris'],
  [0xde, 'Dell Utility'],
  [0xea, 'Linux extended boot'],
  [0xeb, 'BeOS fs'],
  [0xee, 'GPT'],
  [0xef, 'EFI (FAT-12/16/32)'],
  [0xfb, 'VMware VMFS'],
  [0xfc, 'VMware VMKCORE'],
  [0xfd, 'Linux raid autodetect'],
]);

export function mbrTypeName(type: number): string {
  return MBR_TYPE_NAMES.get(type) ?? 'Unknown';
}

/** Every named type, for tests and for the inspector's lists. */
export function knownMbrTypes(): ReadonlyMap<number, string> {
  return MBR_TYPE_NAMES;
}

/** Types that hold a chain of extended boot records (DOS, Windows LBA, Linux). */
export function isExtendedType(type: number): boolean {
  return type === 0x05 || type === 0x0f || type === 0x85;
}

export const PROTECTIVE_TYPE = 0xee;

export function mbrTypeHex(type: number): string {
  return `0x${type.toString(16).padStart(2, '0')}`;
}
