export const USAGE = `Sectorscope: a read-only hex and sector viewer for raw disks and disk images.

Usage:
  sectorscope info PATH [--json] [--sector-size N]
      Geometry of a block device or image: size, sectors, logical/physical sector size,
      whether the page cache is bypassed (O_DIRECT).
  sectorscope read PATH --lba N [--count K] [--hex] [--sector-size N]
      Sectors N..N+K-1 as raw bytes on stdout, or as a hex dump in xxd's format with --hex.
      Unreadable sectors are zero-filled and named on stderr.
  sectorscope serve [PATH...] [--port N]
      The viewer for any browser, on 127.0.0.1 only, behind a random token in the printed URL.
      Only the given paths can be opened (the built-in sample disk when none is given).

Numbers may be decimal (2048) or hex (0x800). --sector-size applies to image files (default 512).
Everything is opened read-only (O_RDONLY, with O_DIRECT where the filesystem allows it).
`;
