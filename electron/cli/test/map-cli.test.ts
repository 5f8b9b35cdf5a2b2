// `sectorscope map` as a user runs it: the JSON's cells against the regions of the image, the
// text's runs, the PNG decoded by Python's zlib (every chunk's CRC, every pixel against the
// palette) and named by `file`, the refusals (the PNG onto the image, onto a file without
// --force) and the usage errors.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from '../../jobs/test/job-test-support';
import { REGION_CLASS, writeRegionImage, type RegionKind } from '../../jobs/test/map-images';
import { cellRect, MAP_PALETTE, mapPicture, rgbOf } from '../../shared/content-map';
import type { MapClass } from '../../shared/contract';
import { UsageError } from '../cli-error';
import { runMapCommand } from '../map-command';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'electron', 'cli', 'cli.ts');
const MiB = 1024 * 1024;
const REGIONS: RegionKind[] = [
  'zero',
  'text',
  'fill',
  'random',
  'binary',
  'utf16',
  'zero',
  'random',
];

/** Runs the command in this process; its stdout and exit status. */
async function map(args: string[]): Promise<{ status: number; out: string }> {
  let out = '';
  const status = await runMapCommand(args, {
    out: async (text) => {
      out += text;
    },
    err: { isTTY: false, write: () => true },
  });
  return { status, out };
}

interface CellJson {
  start: number;
  end: number;
  class: MapClass;
  entropy: number;
  mix: Record<string, number>;
  unreadableSectors: number;
}

/**
 * A PNG decoder in Python (zlib and struct only): checks the signature and every chunk's CRC,
 * undoes the five filter types, and prints width, height and the RGBA pixels as hex.
 */
const DECODE_PNG = String.raw`
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'signature'
at, idat, text = 8, b'', {}
while at < len(data):
    length, kind = struct.unpack('>I4s', data[at:at + 8])
    body = data[at + 8:at + 8 + length]
    assert struct.unpack('>I', data[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body), kind
    if kind == b'IHDR': width, height, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
    if kind == b'IDAT': idat += body
    if kind == b'tEXt': key, value = body.split(b'\0', 1); text[key.decode()] = value.decode('latin1')
    at += 12 + length
assert (depth, colour, interlace) == (8, 6, 0)
raw, stride, rows, prev = zlib.decompress(idat), width * 4, [], bytearray(width * 4)
for y in range(height):
    kind, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride if kind else 0):
        a = row[x - 4] if x >= 4 else 0
        b, c = prev[x], (prev[x - 4] if x >= 4 else 0)
        p = a + b - c
        pred = [0, a, b, (a + b) // 2, a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else (b if abs(p - b) <= abs(p - c) else c)][kind]
        row[x] = (row[x] + pred) & 255
    rows.append(bytes(row)); prev = row
print(width, height, text.get('Software', ''))
print(b''.join(rows).hex())
`;

function decodePng(path: string) {
  const run = spawnSync('python3', ['-c', DECODE_PNG, path], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  assert.equal(run.status, 0, run.stderr);
  const [head = '', hex = ''] = run.stdout.split('\n');
  const [width, height, ...software] = head.split(' ');
  return {
    width: Number(width),
    height: Number(height),
    software: software.join(' '),
    pixels: Buffer.from(hex, 'hex'),
  };
}

describe('sectorscope map', () => {
  test('--json: quick and --full, cell by cell against the regions', async (t) => {
    const image = join(tempDir(t, 'sectorscope-map-cli-'), 'regions.img');
    writeRegionImage(
      image,
      REGIONS.map((kind) => ({ kind, bytes: MiB })),
    );
    for (const mode of [[], ['--full']]) {
      const { status, out } = await map([image, '--cells', '16', '--json', ...mode]);
      assert.equal(status, 0);
      const json = JSON.parse(out) as Record<string, unknown>;
      assert.equal(json.mode, mode.length ? 'full' : 'quick');
      assert.equal(json.cellCount, 16);
      assert.deepEqual(json.palette, MAP_PALETTE);
      const cells = json.cells as CellJson[];
      cells.forEach((cell, i) => {
        assert.equal(cell.start, i * 1024);
        assert.equal(cell.end, i * 1024 + 1023);
        assert.equal(cell.class, REGION_CLASS[REGIONS[i >> 1] as RegionKind], `cell ${i}`);
        assert.equal(typeof cell.entropy, 'number');
      });
      assert.deepEqual(json.badSectors, []);
    }
  });

  test('text: a line a run of cells of one class', async (t) => {
    const image = join(tempDir(t, 'sectorscope-map-cli-'), 'regions.img');
    writeRegionImage(
      image,
      REGIONS.map((kind) => ({ kind, bytes: MiB })),
    );
    const { out } = await map([image, '--cells', '8']);
    assert.match(out, /quick map, 8 samples of 4 KiB a cell, 8 cells/);
    assert.match(out, /LBA 0-2047 +zero +1 cell, entropy 0\.00/);
    assert.match(out, /LBA 4096-6143 +fill/);
    assert.match(out, /LBA 14336-16383 +random +1 cell, entropy 7\.9\d/);
    assert.match(out, /All sectors were read\./);
  });

  test('--png draws every cell in its class colour; Python and file read it', async (t) => {
    const dir = tempDir(t, 'sectorscope-map-cli-');
    const image = join(dir, 'regions.img');
    writeRegionImage(
      image,
      REGIONS.map((kind) => ({ kind, bytes: MiB })),
    );
    const png = join(dir, 'map.png');
    const { out } = await map([image, '--full', '--cells', '64', '--png', png, '--json']);
    const json = JSON.parse(out) as { cells: CellJson[]; png: string; pngSha256: string };
    assert.equal(json.png, png);
    assert.equal(readFileSync(`${png}.sha256`, 'utf8'), `${json.pngSha256}  map.png\n`);
    const file = spawnSync('file', ['-b', png], { encoding: 'utf8' }).stdout;
    assert.match(file, /^PNG image data, 1024 x 1024, 8-bit\/color RGBA, non-interlaced/);

    const decoded = decodePng(png);
    const picture = mapPicture(64);
    assert.deepEqual([decoded.width, decoded.height], [picture.width, picture.height]);
    assert.match(decoded.software, /^Sectorscope /);
    json.cells.forEach((cell, i) => {
      const { x, y, width } = cellRect(picture, i);
      for (const [dx, dy] of [
        [0, 0],
        [width - 1, width - 1],
        [width >> 1, width >> 1],
      ] as const) {
        const at = ((y + dy) * picture.width + x + dx) * 4;
        assert.deepEqual(
          [...decoded.pixels.subarray(at, at + 4)],
          [...rgbOf(MAP_PALETTE[cell.class]), 255],
          `cell ${i}`,
        );
      }
    });
  });

  test('the PNG is never written onto the image, nor over a file without --force', async (t) => {
    const dir = tempDir(t, 'sectorscope-map-cli-');
    const image = join(dir, 'regions.img');
    const original = writeRegionImage(image, [{ kind: 'text', bytes: MiB }]);
    await assert.rejects(map([image, '--png', image, '--force']), /never written to/);
    assert.ok(readFileSync(image).equals(original), 'the image is unchanged');
    const taken = join(dir, 'taken.png');
    writeFileSync(taken, 'mine');
    await assert.rejects(map([image, '--png', taken]), /exists/);
    assert.equal(readFileSync(taken, 'utf8'), 'mine');
    const { status } = await map([image, '--png', taken, '--force', '--cells', '4']);
    assert.equal(status, 0);
    assert.notEqual(readFileSync(taken, 'utf8'), 'mine');
  });

  test('usage errors name what is wrong; the command is registered and in help', async (t) => {
    const image = join(tempDir(t, 'sectorscope-map-cli-'), 'small.img');
    writeRegionImage(image, [{ kind: 'zero', bytes: MiB }]);
    for (const [args, message] of [
      [['--cells', '0'], /--cells must be 1 or more/],
      [['--cells', '65537'], /--cells must be 1 to 65536/],
      [['--force'], /--force goes with --png/],
      [['--png', ''], /--png needs/],
      [['--samples', '3'], /Unknown option/],
    ] as const) {
      await assert.rejects(map([image, ...args]), (error: unknown) => {
        assert.ok(error instanceof UsageError, String(error));
        assert.match(error.message, message);
        return true;
      });
    }
    assert.equal(existsSync(join(image, '..', 'small.img.sha256')), false);
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', CLI, 'map', image, '--cells', '-3'],
      {
        encoding: 'utf8',
        cwd: ROOT,
      },
    );
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--cells must be 1 or more; got -3/);
    const help = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'help'], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    assert.match(help.stdout, /sectorscope map PATH \[--full\] \[--cells N\]/);
  });
});
