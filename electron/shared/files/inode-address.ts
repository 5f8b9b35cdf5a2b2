// TSK's metadata addresses as icat takes them: ADDR, ADDR-TYPE or ADDR-TYPE-ID (an NTFS
// attribute: 64-128-2 is entry 64's $DATA with id 2).

export interface InodeAddress {
  inode: number;
  type?: number;
  id?: number;
}

const FORM = /^(\d+)(?:-(\d+)(?:-(\d+))?)?$/;

/** Parses an --inode value; null when it is not one of the three forms. */
export function parseInodeAddress(text: string): InodeAddress | null {
  const match = FORM.exec(text.trim());
  if (!match) return null;
  const numbers = match.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  const [inode, type, id] = numbers;
  if (inode === undefined || !Number.isSafeInteger(inode)) return null;
  if (type !== undefined && (type > 0xffff || (id !== undefined && id > 0xffff))) return null;
  const address: InodeAddress = { inode };
  if (type !== undefined) address.type = type;
  if (id !== undefined) address.id = id;
  return address;
}

export function formatInodeAddress(address: InodeAddress): string {
  if (address.type === undefined) return String(address.inode);
  const id = address.id === undefined ? '' : `-${address.id}`;
  return `${address.inode}-${address.type}${id}`;
}
