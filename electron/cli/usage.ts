export const USAGE = `Sectorscope: a read-only hex and sector viewer for raw disks and disk images.

Usage:
  sectorscope --version (-V)
      The version of Sectorscope.
  sectorscope devices [--json]
      The machine's block devices as lsblk shows them: model, serial, size, sector sizes,
      removable, rotational, read-only, transport, partitions, where mounted, and whether you
      may read them (and how to get access if not).
  sectorscope info PATH [--json] [--sector-size N]
      Geometry of a block device or image: size, sectors, logical/physical sector size,
      whether the page cache is bypassed (O_DIRECT).
  sectorscope read PATH --lba N [--count K] [--hex] [--sector-size N]
      Sectors N..N+K-1 as raw bytes on stdout, or as a hex dump in xxd's format with --hex.
      Unreadable sectors are zero-filled and named on stderr.
  sectorscope partitions PATH [--json] [--sector-size N]
      The partition scheme (GPT, MBR or none), every partition and unallocated gap, the
      filesystem found in each, and every problem found (bad CRC, overlap, EBR loop...).
  sectorscope hash PATH [--algo md5,sha1,sha256,sha512] [--lba N] [--count K] [--retries N] [--json]
      MD5, SHA-1 and SHA-256 (default; SHA-512 on request) of the disk or of sectors N..N+K-1,
      in one pass. Unreadable sectors are hashed as zeros (as dc3dd does) and listed by LBA.
  sectorscope search PATH (--hex "4E 54 ?? 53" | --text S [--utf16le] [--ignore-case])
                     [--aligned] [--max-hits N] [--lba N] [--count K] [--retries N] [--json]
      Every offset where the bytes occur: hex with ?? for any byte, UTF-8 text, or UTF-16LE
      text (--ignore-case: ASCII and other letters whose cases encode to equal lengths).
      --aligned: only matches that start a sector. At most --max-hits hits (default 10000).
      No hit is reported in unreadable sectors; they are listed.
  sectorscope export PATH --lba N --count K --out FILE [--force] [--retries N] [--json]
      Sectors N..N+K-1 into a new FILE, with its SHA-256 computed on the way. Unreadable
      sectors are written as zeros and listed. Never writes to the disk or image being
      examined, to any block device, or onto an existing FILE unless --force.
  sectorscope verify IMAGE [--json]
      For an image that stores the hashes of its media (E01): recomputes them over the whole
      image and compares, and lists the sectors the image could not give (chunk checksum
      errors, missing segments), as ewfverify does. Exit status 0 when all is well, 1 if not.
  sectorscope files IMAGE [--partition N] [--json]
      Every entry of the file system, deleted ones (*) and TSK's $OrphanFiles included, as
      fls -r -p lists them: type, address (ADDR, or ADDR-TYPE-ID for an NTFS stream), size,
      modified (UTC) and path. --partition N: the partition that partitions numbers N; without it
      (or 0), the file system at the disk's first sector. Read through The Sleuth Kit.
  sectorscope owner IMAGE --lba N [--lba M...] [--partition N] [--json] [--no-cache]
      What holds each sector: a file (and the byte of it), the file system's own metadata, or
      unallocated space (and the deleted files that named it). The file system's index is
      built once and kept in ~/.cache/sectorscope (SECTORSCOPE_CACHE_DIR), reused while the
      image is the same.
  sectorscope extents IMAGE [--partition N] --inode X [--json]
      A file's runs of LBAs and where each starts in the file, as istat lists its blocks.
  sectorscope cat IMAGE [--partition N] --inode X
      A file's content on stdout, as icat gives it (a deleted file's too, where TSK can).
  sectorscope extract IMAGE [--partition N] (--inode X [--slack | --slack-only] | --dir PATH)
                      --out DEST [--force] [--json]
      A file's content (with its slack, or the slack alone), or every file under a directory
      (into folder DEST), into new files each with its SHA-256 beside it; never the evidence.
  sectorscope map PATH [--full] [--cells N] [--json] [--png FILE [--force]] [--lba N]
                  [--count K] [--retries N]
      The content map: the disk (or sectors N..N+K-1) in N cells (default 4096), each zero,
      fill (one byte repeated), text (ASCII, UTF-8, UTF-16), binary, random (compressed or
      encrypted) or unreadable, with its entropy. A quick map samples 8 x 4 KiB a cell (seconds
      on an SSD); --full reads every byte. --png FILE draws it as the viewer does (cells row
      after row from the top left), written as exports are, with FILE.sha256 beside it.
  sectorscope serve [PATH...] [--port N] [--export-dir DIR] [--devices] [--lba N]
                    [--case DIR [--sign-key KEY]]
      The viewer for any browser, on 127.0.0.1 only, behind a random token in the printed URL.
      Only the given paths can be opened (the built-in sample disk when none is given).
      Exports started in the browser are written as new files into DIR. --devices lets the
      page list this machine's block devices and open one. --case DIR: work in the case in
      DIR (its evidence can be opened; bookmarks and jobs are recorded), started there with
      the PATHs as its evidence when DIR holds none. Held by this serve while it runs: another
      viewer opens it read-only.
      --lba N: the printed URL ends in #lba=N, and the viewer opens the first disk at LBA N;
      the page keeps its place in that fragment, so a reload (or a link with #lba=N) comes
      back there.

Cases (a folder: case.json, the audit log audit.jsonl; never on the evidence):
  sectorscope case init DIR --evidence IMAGE [--evidence IMAGE...] [--examiner NAME]
                        [--sector-size N] [--sign-key KEY] [--json]
      Starts a case in DIR (made if missing) with the evidence's identity recorded.
      --sign-key KEY (an Ed25519 private key, PEM: openssl genpkey -algorithm ed25519) signs
      every entry of the log; every later change to the case then needs the key.
  sectorscope case info DIR [--json]
      The case: its evidence, bookmarks and the head of its log.
  sectorscope case add-evidence DIR --evidence IMAGE [--sector-size N] [--sign-key KEY]
      Adds evidence to the case, its identity recorded.
  sectorscope bookmark add DIR [--evidence ID|PATH] (--lba N [--count K] |
                       --offset BYTES --length BYTES) --label L [--note T] [--colour C]
      Bookmarks bytes of the evidence (--evidence is needed when the case holds several):
      sectors N..N+K-1 (K defaults to 1), or a byte range. --colour: #rrggbb or yellow,
      orange, red, pink, purple, blue, cyan, green, grey.
  sectorscope bookmark list DIR [--json]
      The bookmarks; --json prints them as an array.
  sectorscope bookmark edit DIR ID [--label L] [--note T] [--colour C]
  sectorscope bookmark delete DIR ID
      Changes or deletes a bookmark (the log keeps what it was).
  sectorscope audit verify DIR [--json] [--public-key FILE] [--head N:HASH]
      Checks the audit log: every line as written, each chained by SHA-256 to the one before,
      signatures, a torn last line, the head kept in case.json. Exit status 0 when intact,
      1 naming the first bad line or what disagrees. --public-key: the examiner's key the log
      must be signed with. --head: the head a report printed, which the log must still hold.
  sectorscope report DIR --out FILE [--pdf FILE] [--force] [--public-key FILE]
      The case's report as one HTML file (the evidence and its hashes, each bookmark with a
      hex excerpt, the audit log and its verification); --pdf prints it with Chromium.

Numbers may be decimal (2048) or hex (0x800). --sector-size applies to image files (default 512).
Everything is opened read-only (O_RDONLY, with O_DIRECT where the filesystem allows it).
--lba defaults to 0 and --count to the end of the disk (hash, search). --retries N: extra
reads of each sector that still fails once a read is split down to single sectors (0-16,
default 1). --json prints one JSON object: LBAs and offsets as numbers, digests as lower-case
hex. hash, search and export show their progress on stderr when it is a terminal; Ctrl+C
cancels (exit status 130; a cancelled export removes its partial file).
`;
