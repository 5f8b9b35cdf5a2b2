// `npm run bench` (after `npm run build`): speed and memory of Sectorscope, each figure set as a
// ratio against a peer tool run on the same data in the same run (or against its target where
// the target is the peer). Prints a table and writes .bench/results.json. Not a pass/fail test:
// it exits 0 whatever the figures, and 1 only when a section crashed.
//
//   npm run bench                        every section, full length
//   npm run bench -- --quick             short runs (rough figures, for trying it out)
//   npm run bench -- --only random-read  some sections (comma-separated ids)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('../..', import.meta.url).pathname;
const benchDir = join(root, 'build', 'bench');
const dataDir = join(root, '.bench');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// ---------------------------------------------------------------------------------------------
// THE BENCH SECTIONS. Each runs alone, in its own process:
//   node --import tsx build/bench/SCRIPT --out FILE --data-dir .bench [--quick]
// and writes a SectionResult (build/bench/section-result.ts) to FILE as JSON, then exits 0; any
// other exit is a crash. To add a section: write build/bench/NAME.bench.ts like
// random-read.bench.ts (readSectionArgs, runSection, writeSectionResult; data files through
// data-files.ts, peers through fio.ts or a tool of its own) and list it here.
//   tools    commands it needs; installed with apt-get when missing and running as root,
//            otherwise the section is skipped with the command to install them.
//   requires project files it needs (a module still being written): skipped while absent.
//   planned  the section is not written yet: listed in the output with what it will measure.
// ---------------------------------------------------------------------------------------------
const SECTIONS = [
  {
    id: 'random-read',
    script: 'random-read.bench.ts',
    tools: ['fio'],
    about: 'random 4 KiB reads through DiskReader vs fio psync, 1 GiB random-data file',
  },
  {
    id: 'browser-goto',
    script: 'browser-goto.bench.ts',
    tools: ['chromium'],
    requires: ['dist/cli.cjs'],
    about: 'browser mode on an 8 TiB sparse image: go-to until painted, serve memory',
  },
  {
    id: 'browser-scroll',
    script: 'browser-scroll.bench.ts',
    tools: ['chromium'],
    requires: ['dist/cli.cjs'],
    about:
      'browser mode on a 16 TiB sparse image: wheel, PgDn/PgUp and scrollbar drags, frames ' +
      'with a missing or loading row, frame intervals',
  },
  {
    id: 'serve-memory',
    script: 'serve-memory.bench.ts',
    tools: [],
    requires: ['dist/cli.cjs'],
    about: 'serve RSS with a client that never reads its answers, and after 10,000 pipelined reads',
  },
  // Whole-disk job benches: the job engine's runJobOnPath (electron/jobs/run-job-on-path.ts) on
  // a 2 GiB random-data file, each with the peak memory of the process running the job.
  {
    id: 'job-read-search',
    script: 'job-read-search.bench.ts',
    tools: ['fio'],
    requires: ['electron/jobs/run-job-on-path.ts'],
    about:
      'sequential read rate of a job vs fio --rw=read --bs=1M; 4-byte hex search vs that ' +
      'plain read rate (hits checked with grep); process memory',
  },
  {
    id: 'job-hash',
    script: 'job-hash.bench.ts',
    tools: ['dc3dd'],
    requires: ['electron/jobs/run-job-on-path.ts'],
    about:
      'MD5+SHA-1+SHA-256 in one pass vs dc3dd (digests equal) and vs the slowest of md5sum, ' +
      'sha1sum, sha256sum alone; process memory',
  },
  {
    id: 'evidence-formats',
    script: 'evidence-formats.bench.ts',
    tools: ['chromium', 'ewfacquire'],
    requires: ['dist/cli.cjs'],
    about:
      'an E01 of a 1 GiB disk: MD5+SHA-1+SHA-256 vs ewfverify, and go-to on it vs on the raw disk',
  },
  {
    id: 'owner-index',
    script: 'owner-index.bench.ts',
    tools: ['tsk_loaddb', 'ntfs-3g'],
    requires: ['dist/cli.cjs'],
    about:
      'owner index of an NTFS volume of 12,000 files vs tsk_loaddb (whole commands, cold), ' +
      'peak memory, lookup p95 in the built index, bytes per extent and a 1 TB projection',
  },
  {
    id: 'content-map',
    script: 'content-map.bench.ts',
    tools: [],
    requires: ['electron/jobs/map-job.ts'],
    about:
      'content map: quick map of a 16 TiB sparse image (target <= 5 s), full map of the 2 GiB ' +
      'random-data file vs the hash job (target >= 0.9 of its rate); process memory',
  },
  // Next benches go here, e.g. { id: 'export', planned: true, tools: [], about: '...' } until
  // its script exists.
];

/** Debian package of each tool, and how to tell it is there. */
const TOOLS = {
  fio: { pkg: 'fio', present: () => onPath('fio') },
  dc3dd: { pkg: 'dc3dd', present: () => onPath('dc3dd') },
  chromium: { pkg: 'chromium', present: () => existsSync(chromiumPath) },
  ewfacquire: { pkg: 'ewf-tools', present: () => onPath('ewfacquire') },
  tsk_loaddb: { pkg: 'sleuthkit', present: () => onPath('tsk_loaddb') },
  'ntfs-3g': { pkg: 'ntfs-3g', present: () => onPath('ntfs-3g') },
};

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function parseOptions() {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
  });
  const only = values.only?.split(',').map((id) => id.trim());
  const unknown = only?.filter((id) => !SECTIONS.some((section) => section.id === id)) ?? [];
  if (unknown.length > 0) {
    console.error(
      `bench: no section named ${unknown.join(', ')}. Sections: ${SECTIONS.map((s) => s.id).join(', ')}.`,
    );
    process.exit(2);
  }
  return { quick: values.quick, only };
}

function aptInstall(packages) {
  const install = () =>
    spawnSync('apt-get', ['install', '-y', ...packages], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  if (install()) return;
  console.log('bench: apt-get install failed; updating the package lists and trying again.');
  spawnSync('apt-get', ['update'], { stdio: 'inherit' });
  install();
}

/** Installs missing tools when root; returns the reason each tool is still missing. */
function provideTools(sections) {
  const needed = [...new Set(sections.flatMap((section) => section.tools))];
  const missing = needed.filter((tool) => !TOOLS[tool].present());
  if (missing.length > 0 && process.getuid?.() === 0) {
    const packages = missing.map((tool) => TOOLS[tool].pkg);
    console.log(`bench: installing ${packages.join(' ')} (apt-get, running as root)`);
    aptInstall(packages);
  }
  const reasons = new Map();
  for (const tool of missing.filter((name) => !TOOLS[name].present())) {
    const pkg = TOOLS[tool].pkg;
    reasons.set(
      tool,
      process.getuid?.() === 0
        ? `${tool} is missing and \`apt-get install -y ${pkg}\` did not provide it`
        : `${tool} is missing: install it with \`sudo apt-get install -y ${pkg}\`` +
            (tool === 'chromium' ? ' (or set CHROMIUM_PATH)' : ''),
    );
  }
  return reasons;
}

function skipReason(section, toolReasons) {
  if (section.planned) return 'planned, not written yet (see SECTIONS in build/scripts/bench.mjs)';
  const absent = (section.requires ?? []).filter((path) => !existsSync(join(root, path)));
  if (absent.length > 0) {
    return (
      `needs ${absent.join(', ')}, which is missing ` +
      '(`npm run build` makes dist/; a module may not be written yet)'
    );
  }
  const tools = section.tools.filter((tool) => toolReasons.has(tool));
  if (tools.length > 0) return tools.map((tool) => toolReasons.get(tool)).join('; ');
  return null;
}

function runSection(section, quick) {
  const out = join(dataDir, 'sections', `${section.id}.json`);
  rmSync(out, { force: true });
  console.log(`\n== ${section.id}: ${section.about}`);
  const args = ['--import', 'tsx', join(benchDir, section.script), '--out', out];
  args.push('--data-dir', dataDir, ...(quick ? ['--quick'] : []));
  const started = Date.now();
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  const seconds = (Date.now() - started) / 1000;
  if (run.status !== 0 || !existsSync(out)) {
    const how = run.signal ? `signal ${run.signal}` : `exit code ${run.status}`;
    return { id: section.id, title: section.about, crashed: `${how} after ${seconds} s` };
  }
  return { ...JSON.parse(readFileSync(out, 'utf8')), seconds };
}

function versionOf(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')[0]
      .trim();
  } catch {
    return null;
  }
}

function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryBytes: totalmem(),
    kernel: release(),
    node: process.version,
    fio: versionOf('fio', ['--version']),
    chromium: versionOf(chromiumPath, ['--version']),
    dataFilesystem: versionOf('findmnt', ['-n', '-o', 'SOURCE,FSTYPE', '-T', dataDir]),
    // Other work on the machine makes figures move; the ratios against peers run alongside are
    // what to compare between runs.
    loadAverageAtEnd: loadavg().map((load) => Number(load.toFixed(2))),
  };
}

const UNIT_DIGITS = {
  IOPS: 0,
  'MB/s': 0,
  ms: 1,
  MB: 1,
  s: 2,
  hits: 0,
  'of 3': 0,
  cells: 0,
  frames: 0,
  '%': 1,
};

function formatValue(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  const digits = UNIT_DIGITS[unit] ?? 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

function verdict(met) {
  return met === true ? 'met' : met === false ? 'MISSED' : 'info';
}

function printTable(rows) {
  const header = ['measure', 'sectorscope', 'peer', 'peer value', 'ratio', 'target', ''];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}

function printSection(result) {
  console.log(`\n## ${result.id}: ${result.title}`);
  if (result.crashed) return console.log(`CRASHED (${result.crashed}); see its output above.`);
  if (result.skipped) return console.log(`skipped: ${result.skipped}`);
  printTable(
    result.rows.map((row) => [
      row.measure,
      formatValue(row.value, row.unit),
      row.peer,
      row.peerValue === null ? '' : formatValue(row.peerValue, row.unit),
      row.ratio === null ? '' : row.ratio.toFixed(2),
      row.target ?? '',
      verdict(row.met),
    ]),
  );
  for (const note of result.notes) console.log(`  - ${note}`);
}

const options = parseOptions();
const chosen = SECTIONS.filter((section) => !options.only || options.only.includes(section.id));
mkdirSync(join(dataDir, 'sections'), { recursive: true });
const toolReasons = provideTools(chosen.filter((section) => !section.planned));

const startedAt = new Date();
const loadAverageAtStart = loadavg().map((load) => Number(load.toFixed(2)));
const results = [];
for (const section of chosen) {
  const reason = skipReason(section, toolReasons);
  results.push(
    reason === null
      ? runSection(section, options.quick)
      : { id: section.id, title: section.about, rows: [], notes: [], skipped: reason },
  );
}

const report = {
  startedAt: startedAt.toISOString(),
  seconds: (Date.now() - startedAt.getTime()) / 1000,
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  quick: options.quick,
  machine: { ...machine(), loadAverageAtStart },
  sections: results,
};
const resultsPath = join(dataDir, 'results.json');
writeFileSync(resultsPath, `${JSON.stringify(report, null, 2)}\n`);

console.log(`\n# Sectorscope bench, ${report.startedAt}${options.quick ? ' (quick: rough)' : ''}`);
const m = report.machine;
console.log(
  `${m.cpu}, ${m.cores} cores, kernel ${m.kernel}, Node ${m.node}, data on ${m.dataFilesystem}; ` +
    `load average ${m.loadAverageAtStart.join(' ')} at start, ${m.loadAverageAtEnd.join(' ')} at end`,
);
for (const result of results) printSection(result);
console.log(`\nFigures written to ${resultsPath}`);
console.log(`Data files stay in ${dataDir} for the next run; \`rm -rf .bench\` frees the space.`);
process.exit(results.some((result) => result.crashed) ? 1 : 0);
