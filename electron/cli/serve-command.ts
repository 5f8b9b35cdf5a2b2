import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CASE_FILE } from '../case/case-types';
import { loadSigner } from '../case/signing';
import { locateSampleDisk } from '../sample/locate-sample-disk';
import { startServeServer, type RunningServer } from '../server/serve-server';
import { DiskService } from '../service/disk-service';
import { openSource, readsInProgress } from '../source';
import { UsageError } from './cli-error';
import { wholeNumberOption } from './number-options';

export interface ServeArgs {
  paths: string[];
  port: string | undefined;
  /** Where exports from the browser are written (the browser can name no path). */
  exportDir?: string | undefined;
  /** The LBA of the first disk the page opens at (the printed URL's #lba=N). */
  lba?: string | undefined;
  /** Let the page list the machine's block devices and open one (--devices). */
  devices?: boolean;
  /** Work in the case in this folder (--case), started there with the paths when it has none. */
  caseDir?: string | undefined;
  /** The examiner's private key, for a case that signs its log (--sign-key). */
  signKey?: string | undefined;
  distDir: string;
  log: (line: string) => void;
}

export interface ServeHandle extends RunningServer {
  /**
   * Closes the port and every connection at once, cancels the jobs and closes the disks; how
   * many reads a disk has not answered yet (the process cannot end before they return).
   */
  stop(): Promise<{ readsWaiting: number }>;
}

/** `sectorscope serve`: the app for any browser, on loopback, for the given paths only. */
export async function runServe(args: ServeArgs): Promise<ServeHandle> {
  const port = args.port === undefined ? 0 : Number(wholeNumberOption(args.port, '--port'));
  if (port > 65535) {
    throw new UsageError(
      `--port must be a TCP port number (1-65535, or 0 for any); got "${args.port}".`,
    );
  }
  const caseDir = args.caseDir === undefined ? undefined : resolve(args.caseDir);
  const caseExists = caseDir !== undefined && existsSync(join(caseDir, CASE_FILE));
  if (caseDir && !caseExists && args.paths.length === 0) {
    throw new UsageError(
      `${caseDir} holds no case yet: name its evidence to start it with ` +
        '(sectorscope serve IMAGE --case DIR), or start it with sectorscope case init.',
    );
  }
  // With a case, its evidence is what opens (the sample disk is no evidence).
  const paths =
    args.paths.length > 0 || caseDir ? args.paths : [await locateSampleDisk(args.distDir)];
  const lba = args.lba === undefined ? null : wholeNumberOption(args.lba, '--lba');
  // Fail now, with the reader's own message, rather than later in the browser.
  for (const [index, path] of paths.entries()) {
    const source = await openSource({ path });
    const { sectorCount } = source.geometry;
    await source.close();
    if (index === 0 && lba !== null && lba >= sectorCount) {
      throw new UsageError(
        `--lba ${lba} is past the end of ${path}: its last LBA is ${sectorCount - 1n}.`,
      );
    }
  }

  const exportDir = args.exportDir === undefined ? undefined : requireFolder(args.exportDir);
  const service = new DiskService({
    // The browser keeps its own page cache; this one only serves repeats and other tabs.
    cacheBytes: 16 * 1024 * 1024,
    // A new file named after the source and range, never an existing one (O_EXCL).
    chooseExportPath: exportDir ? async (name) => join(exportDir, name) : undefined,
    devices: args.devices === true,
    caseProgram: 'sectorscope serve',
    signer: args.signKey === undefined ? null : await loadSigner(args.signKey),
  });
  for (const path of paths) service.sources.add(path);
  const caseLines = caseDir
    ? await openServedCase(service, caseDir, caseExists ? [] : paths).catch(
        async (error: unknown) => {
          await service.dispose();
          throw error;
        },
      )
    : [];
  const server = await startServeServer({
    service,
    rendererRoot: join(args.distDir, 'renderer'),
    port,
  }).catch(async (error: unknown) => {
    await service.dispose();
    throw listenError(error, port);
  });
  const served = service.sources.list().map((source) => `"${source.path}"`);
  args.log(`Sectorscope is serving ${served.join(', ')} read-only at:`);
  // The fragment never reaches the server: the page reads it, and keeps it on its view.
  args.log(`  ${server.url}${lba === null ? '' : `#lba=${lba}`}`);
  args.log("It listens on 127.0.0.1 only and answers only requests that carry this URL's token.");
  args.log(
    `From another machine: ssh -L ${server.port}:127.0.0.1:${server.port} THIS_HOST, then open the URL there.`,
  );
  if (exportDir) args.log(`Exports from the browser are written to ${exportDir}.`);
  for (const line of caseLines) args.log(line);
  if (args.devices)
    args.log("The page may list this machine's block devices and open them (--devices).");
  args.log('Press Ctrl+C to stop.');
  const stop = async () => {
    await server.close();
    await service.dispose();
    return { readsWaiting: readsInProgress() };
  };
  return { ...server, stop, close: async () => void (await stop()) };
}

/**
 * Ctrl+C or SIGTERM: stop serving at once and say so. Reads stuck in the kernel on a disk that
 * does not answer cannot be stopped: the process ends as soon as they return, or at a second
 * Ctrl+C (our handler is gone by then, so the signal's default action ends it).
 */
export function stopOnSignals(server: ServeHandle, tell: (line: string) => void): void {
  const stop = (signal: NodeJS.Signals) => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    tell(`sectorscope: ${signal}: closing the port and every connection…`);
    void server.stop().then(({ readsWaiting }) => {
      tell('sectorscope: stopped serving; the port is closed.');
      if (readsWaiting === 0) process.exit(0);
      tell(
        `sectorscope: ${readsWaiting} read(s) of a disk that does not answer are still in the ` +
          'kernel; the process ends when they return. Press Ctrl+C again to end it now.',
      );
      setInterval(() => {
        if (readsInProgress() === 0) process.exit(0);
      }, 100);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Opens (or first starts, with `evidence`) the case in `dir` for serve; what to print of it. */
async function openServedCase(
  service: DiskService,
  dir: string,
  evidence: string[],
): Promise<string[]> {
  const info =
    evidence.length > 0
      ? await service.cases.create(dir, null, evidence)
      : await service.cases.open(dir);
  const lines = [
    `${evidence.length > 0 ? 'Started the case' : 'Case'} in ${dir}: ${info.evidence.length} ` +
      `evidence, ${info.bookmarks} bookmarks, ${info.audit.entries} audit entries.`,
  ];
  lines.push(
    info.readOnly
      ? `The case is open READ-ONLY: ${info.readOnlyReason}. Nothing done here is recorded in it.`
      : 'Bookmarks and jobs are recorded in it; it is held by this serve while it runs.',
  );
  for (const notice of info.notices) lines.push(`Repaired on opening: ${notice}.`);
  if (!info.audit.intact) lines.push(`Its audit log does NOT check out: ${info.audit.problems[0]}`);
  return lines;
}

function listenError(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new Error(
      `Port ${port} on 127.0.0.1 is in use (another Sectorscope, or another program): choose ` +
        'another with --port N, or leave --port out to take any free port.',
    );
  }
  if (code === 'EACCES') {
    return new Error(
      `Port ${port} needs privileges to listen on: choose one above 1023 with --port N, or ` +
        'leave --port out to take any free port.',
    );
  }
  return error;
}

function requireFolder(path: string): string {
  const folder = resolve(path);
  const stats = statSync(folder, { throwIfNoEntry: false });
  if (!stats) throw new UsageError(`--export-dir ${path} does not exist: create the folder first.`);
  if (!stats.isDirectory()) throw new UsageError(`--export-dir ${path} is not a folder.`);
  return folder;
}
