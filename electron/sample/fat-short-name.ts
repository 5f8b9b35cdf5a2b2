// 8.3 short names: the 11-byte name field, the alias made up for a long name (a simplified form
// of fatgen103's "numeric tail" rule: DISKST~1.TXT) and the checksum that ties LFN entries to it.

const SHORT_NAME_CHAR = /^[A-Z0-9!#$%&'()@^_`{}~-]$/;
const FORBIDDEN_IN_LONG_NAME = /["*/:<>?\\|]/;

/** The 11-character name field ("README  TXT") when `name` is already a valid upper-case 8.3 name. */
export function exactShortName(name: string): string | null {
  const match = /^([^.]{1,8})(?:\.([^.]{1,3}))?$/.exec(name);
  if (!match) return null;
  const base = match[1] ?? '';
  const extension = match[2] ?? '';
  if (![...base, ...extension].every((c) => SHORT_NAME_CHAR.test(c))) return null;
  return base.padEnd(8) + extension.padEnd(3);
}

/** The short alias of a long name, unique among `taken` (11-character name fields). */
export function shortAliasFor(longName: string, taken: ReadonlySet<string>): string {
  checkLongName(longName);
  // Character by character, as Windows' upcase table does: "ß" must not become "SS".
  const upper = [...longName]
    .map((c) => (c.toUpperCase().length === c.length ? c.toUpperCase() : c))
    .join('');
  const stripped = upper.replace(/ /g, '').replace(/^\.+/, '');
  const dot = stripped.lastIndexOf('.');
  const rawBase = (dot >= 0 ? stripped.slice(0, dot) : stripped).replace(/\./g, '');
  const rawExtension = dot >= 0 ? stripped.slice(dot + 1) : '';
  const base = toShortChars(rawBase) || '_';
  const extension = toShortChars(rawExtension).slice(0, 3);
  const lossy =
    stripped !== upper ||
    base !== rawBase ||
    base.length > 8 ||
    extension !== rawExtension ||
    (dot >= 0 && rawBase !== stripped.slice(0, dot));

  const plain = base.padEnd(8) + extension.padEnd(3);
  if (!lossy && !taken.has(plain)) return plain;
  for (let n = 1; n < 1_000_000; n++) {
    const tail = `~${n}`;
    const candidate = (base.slice(0, 8 - tail.length) + tail).padEnd(8) + extension.padEnd(3);
    if (!taken.has(candidate)) return candidate;
  }
  throw new Error(`No free short alias left for "${longName}".`);
}

/** fatgen103's checksum of the 11-byte short name, stored in each of its LFN entries. */
export function shortNameChecksum(nameField: string): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) {
    sum = (((sum & 1) << 7) + (sum >> 1) + nameField.charCodeAt(i)) & 0xff;
  }
  return sum;
}

export function checkLongName(name: string): void {
  if (name.length === 0 || name.length > 255 || name === '.' || name === '..') {
    throw new Error(`"${name}" is not a usable FAT file name (1 to 255 characters, not . or ..).`);
  }
  const control = [...name].some((c) => c.charCodeAt(0) < 0x20);
  if (control || FORBIDDEN_IN_LONG_NAME.test(name) || /[. ]$/.test(name)) {
    throw new Error(`"${name}" has a character FAT forbids or ends in a dot or space.`);
  }
}

function toShortChars(text: string): string {
  return [...text].map((c) => (SHORT_NAME_CHAR.test(c) ? c : '_')).join('');
}
