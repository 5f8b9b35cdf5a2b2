import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OpenResult, SourceInfo } from '../../electron/shared/contract';
import { connectApi } from './api/connect';
import { ConnectionLostError } from './api/connection-lost';
import { DiskView } from './DiskView';
import { JobStore } from './jobs/job-store';
import { ConnectionBanner } from './status/ConnectionBanner';

/** Errors worth a banner of their own: a lost connection has the connection banner. */
function messageOf(failure: unknown): string | null {
  return failure instanceof ConnectionLostError ? null : (failure as Error).message;
}

/** The same disk (a reopened one) keeps its view; another disk gets a view of its own. */
function viewKey(disk: OpenResult): string {
  const { path, size, logicalSectorSize } = disk.geometry;
  return `${path}\n${size}\n${logicalSectorSize}`;
}

export function App() {
  const { api, status } = useMemo(() => connectApi(), []);
  // Jobs outlive switching between disks: a hash of one disk runs on while another is viewed.
  const jobStore = useMemo(() => new JobStore(), []);
  useEffect(() => api.onEvent((event) => jobStore.apply(event)), [api, jobStore]);
  const [sources, setSources] = useState<SourceInfo[]>([]);
  const [disk, setDisk] = useState<OpenResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const diskRef = useRef(disk);
  useEffect(() => {
    diskRef.current = disk;
  }, [disk]);

  const open = useCallback(
    async (source: SourceInfo) => {
      try {
        const opened = await api.call('open', { source: source.id });
        const previous = diskRef.current;
        diskRef.current = opened;
        setDisk(opened);
        if (previous) void api.call('close', { session: previous.session }).catch(() => undefined);
        setError(null);
      } catch (failure) {
        setError(messageOf(failure));
      }
    },
    [api],
  );

  /**
   * Lists the sources and opens the disk on view again (or the first one): at the start, when
   * the connection is back (the server closed the old session with it), and on Reopen after
   * the disk went away. The view of the same disk keeps its place and the bytes it shows.
   */
  const load = useCallback(
    () =>
      api
        .call('listSources', {})
        .then(async (list) => {
          setSources(list);
          const current = diskRef.current?.geometry.path;
          const source = list.find((s) => s.path === current) ?? list[0];
          if (source) await open(source);
        })
        .catch((failure: unknown) => setError(messageOf(failure))),
    [api, open],
  );

  useEffect(() => {
    void load();
    return api.onEvent((event) => {
      if (event.type !== 'sourceAdded') return;
      setSources((list) =>
        list.some((s) => s.id === event.source.id) ? list : [...list, event.source],
      );
      if (event.open) void open(event.source);
    });
  }, [api, load, open]);
  useEffect(() => status.onReconnect(() => void load()), [status, load]);
  const reopen = useCallback(() => void load(), [load]);

  useEffect(() => {
    document.title = disk ? `Sectorscope — ${disk.geometry.path} (read-only)` : 'Sectorscope';
  }, [disk]);

  const chooseFile = async () => {
    try {
      const source = await api.call('chooseSource', {});
      if (!source) return;
      setSources((list) => (list.some((s) => s.id === source.id) ? list : [...list, source]));
      await open(source);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <div className="app">
      <header className="app-header">
        <span className="app-name">Sectorscope</span>
        {api.transport === 'electron' ? (
          <button
            type="button"
            onClick={() => void chooseFile()}
            title="Open a disk or image (Ctrl+O)"
          >
            Open…
          </button>
        ) : null}
        {sources.length > 1 ? (
          <select
            aria-label="Disk"
            value={sources.find((s) => s.path === disk?.geometry.path)?.id ?? ''}
            onChange={(event) => {
              const source = sources.find((s) => s.id === event.target.value);
              if (source) void open(source);
            }}
          >
            {sources.map((source) => (
              <option key={source.id} value={source.id}>
                {source.path}
              </option>
            ))}
          </select>
        ) : null}
        {disk ? <span className="app-path">{disk.geometry.path}</span> : null}
      </header>
      <ConnectionBanner status={status} transport={api.transport} />
      {error ? (
        <div className="error-banner" role="alert">
          {error}
          <button type="button" onClick={() => setError(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ) : null}
      {disk ? (
        <DiskView key={viewKey(disk)} api={api} disk={disk} jobStore={jobStore} onReopen={reopen} />
      ) : (
        <div className="empty">{error ? '' : 'Opening…'}</div>
      )}
    </div>
  );
}
