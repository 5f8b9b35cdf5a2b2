import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const CLI = join(root, 'dist', 'cli.cjs');

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

const isRoot = process.getuid?.() === 0;

describe('sectorscope info and read (the built CLI)', () => {
  let dir: string;
  let image: string;
  let bytes: Buffer;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-cli-'));
    image = join(dir, 'disk.img');
    bytes = randomBytes(2 * 1024 * 1024 + 512 * 3);
    writeFileSync(image, bytes);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('info --json on an image', () => {
    const { status, stdout } = cli(['info', image, '--json']);
    assert.equal(status, 0);
    assert.deepEqual(JSON.parse(stdout.toString()), {
      path: image,
      kind: 'file',
      format: 'raw',
      segments: [image],
      size: bytes.length,
      logicalSectorSize: 512,
      physicalSectorSize: 512,
      sectorCount: bytes.length / 512,
      directIO: true,
      readOnly: true,
      metadata: {},
      storedHashes: {},
      warnings: [],
      library: null,
    });
  });

  test('read writes exactly what dd iflag=direct reads', () => {
    for (const [lba, count] of [
      [0, 1],
      [17, 300],
      [bytes.length / 512 - 1, 1],
    ] as const) {
      const ours = cli(['read', image, '--lba', String(lba), '--count', String(count)]);
      assert.equal(ours.status, 0, ours.stderr);
      const dd = execFileSync('dd', [
        `if=${image}`,
        'iflag=direct',
        'bs=512',
        `skip=${lba}`,
        `count=${count}`,
        'status=none',
      ]);
      assert.ok(ours.stdout.equals(dd), `LBA ${lba} x ${count}`);
    }
  });

  test('read of a partial last sector writes only the bytes that exist, and says so', () => {
    // 1,000,000 bytes: LBA 1953 holds the last 64 bytes.
    const odd = join(dir, 'odd.img');
    writeFileSync(odd, bytes.subarray(0, 1_000_000));
    const last = cli(['read', odd, '--lba', '1953']);
    assert.equal(last.status, 0, last.stderr);
    assert.ok(
      last.stdout.equals(execFileSync('tail', ['-c', '64', odd])),
      'the 64 bytes tail gives',
    );
    assert.match(last.stderr, /LBA 1953 is the image's partial last sector: it holds 64 of 512/);
    const two = cli(['read', odd, '--lba', '1952', '--count', '2', '--hex']);
    const xxd = execFileSync('xxd', ['-s', String(1952 * 512), odd]);
    assert.equal(two.stdout.toString(), xxd.toString());
  });

  test('read --hex prints what xxd prints, offsets included (hex LBA accepted)', () => {
    const ours = cli(['read', image, '--lba', '0x101', '--count', '2', '--hex']);
    const xxd = execFileSync('xxd', ['-s', String(0x101 * 512), '-l', '1024', image]);
    assert.equal(ours.stdout.toString(), xxd.toString());
  });

  test('mistakes get a clear message and exit code 2; I/O problems exit 1', () => {
    const last = bytes.length / 512 - 1;
    const cases: [string[], number, RegExp][] = [
      [['read', image], 2, /Missing --lba/],
      [['read', image, '--lba', 'abc'], 2, /--lba must be a whole number/],
      [['read', image, '--lba', '-1'], 2, /^sectorscope: --lba must be 0 or more; got -1\.$/m],
      [['read', image, '--lba=-5'], 2, /--lba must be 0 or more; got -5\./],
      [['read', image, '--lba', '0', '--count', '-2'], 2, /--count must be 1 or more; got -2\./],
      [['hash', image, '--lba', '-1'], 2, /--lba must be 0 or more; got -1\./],
      [['read', image, '--lba', String(last + 1)], 2, new RegExp(`the last LBA is ${last}`)],
      [['read', image, '--lba', '0', '--count', '1000000000'], 2, /runs past the end/],
      [['read', image, '--lba', '0', '--count', '0'], 2, /--count must be 1 or more; got 0\./],
      [['info'], 2, /Missing PATH/],
      [['info', image, '--sector-size', '777'], 2, /--sector-size must be one of/],
      [['frobnicate'], 2, /Unknown command/],
      [['info', join(dir, 'nope.img')], 1, /No such file or device/],
      [['info', dir], 1, /directory/i],
      [['info', '/dev/null'], 1, /character device/i],
    ];
    for (const [args, code, message] of cases) {
      const result = cli(args);
      assert.equal(result.status, code, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
      assert.doesNotMatch(result.stderr, /^\s+at /m, `${args.join(' ')}: no stack trace`);
    }
  });

  test(
    'a file without read permission names the problem (run as nobody)',
    { skip: isRoot ? false : 'needs root to switch to uid 65534' },
    () => {
      const secret = join(dir, 'secret.img');
      writeFileSync(secret, bytes.subarray(0, 4096), { mode: 0o600 });
      execFileSync('chmod', ['755', dir]);
      const result = spawnSync(process.execPath, [CLI, 'info', secret], { uid: 65534, gid: 65534 });
      assert.equal(result.status, 1);
      assert.match(result.stderr.toString(), /permission/i);
    },
  );
});

describe(
  'sectorscope info on loop devices',
  { skip: isRoot ? false : 'needs root for losetup' },
  () => {
    for (const sectorSize of [512, 4096]) {
      test(`geometry equals blockdev at ${sectorSize}-byte sectors`, () => {
        const dir = mkdtempSync(join(tmpdir(), 'sectorscope-cli-loop-'));
        const image = join(dir, 'loop.img');
        writeFileSync(image, randomBytes(4 * 1024 * 1024));
        const device = execFileSync('losetup', [
          '--find',
          '--show',
          '--read-only',
          '--sector-size',
          String(sectorSize),
          image,
        ])
          .toString()
          .trim();
        try {
          const info = JSON.parse(cli(['info', device, '--json']).stdout.toString());
          const [size, logical, physical] = execFileSync('blockdev', [
            '--getsize64',
            '--getss',
            '--getpbsz',
            device,
          ])
            .toString()
            .trim()
            .split('\n')
            .map(Number);
          assert.equal(info.kind, 'block');
          assert.equal(info.size, size);
          assert.equal(info.logicalSectorSize, logical);
          assert.equal(info.physicalSectorSize, physical);
          assert.equal(info.sectorCount, (size ?? 0) / (logical ?? 1));
          const hex = cli(['read', device, '--lba', '3', '--hex']).stdout.toString();
          const xxd = execFileSync('xxd', [
            '-s',
            String(3 * sectorSize),
            '-l',
            String(sectorSize),
            image,
          ]).toString();
          assert.equal(hex, xxd);
        } finally {
          execFileSync('losetup', ['-d', device]);
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  },
);

test('--version and -V print the version from package.json, exit 0', () => {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  for (const flag of ['--version', '-V']) {
    const result = cli([flag]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.toString(), `sectorscope ${version}\n`);
  }
});

test('serve on a port in use names the port and suggests --port, exit 1', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = blocker.address() as AddressInfo;
    const result = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [CLI, 'serve', '--port', String(port)],
        (error, _out, stderr) =>
          resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
      child.stdin?.end();
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is in use`));
    assert.match(result.stderr, /--port N/);
    assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
  } finally {
    blocker.close();
  }
});
