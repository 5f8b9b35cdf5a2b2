import { useCallback, useEffect, useMemo, useState } from 'react';
import type { OpenResult, SourceInfo } from '../../electron/shared/contract';
import { connectApi } from './api/connect';
import { DiskView } from './DiskView';
import { JobStore } from './jobs/job-store';

export function App() {
  const api = useMemo(() => connectApi(), []);
  // Jobs outlive switching between disks: a hash of one disk runs on while another is viewed.
  const jobStore = useMemo(() => new JobStore(), []);
  useEffect(() => api.onEvent((event) => jobStore.apply(event)), [api, jobStore]);
  const [sources, setSources] = useState<SourceInfo[]>([]);
  const [disk, setDisk] = useState<OpenResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const open = useCallback(
    async (source: SourceInfo) => {
      try {
        const opened = await api.call('open', { source: source.id });
        setDisk((previous) => {
          if (previous)
            void api.call('close', { session: previous.session }).catch(() => undefined);
          return opened;
        });
        setError(null);
      } catch (failure) {
        setError((failure as Error).message);
      }
    },
    [api],
  );

  useEffect(() => {
    api
      .call('listSources', {})
      .then((list) => {
        setSources(list);
        if (list[0]) void open(list[0]);
      })
      .catch((failure: Error) => setError(failure.message));
    return api.onEvent((event) => {
      if (event.type !== 'sourceAdded') return;
      setSources((list) =>
        list.some((s) => s.id === event.source.id) ? list : [...list, event.source],
      );
      if (event.open) void open(event.source);
    });
  }, [api, open]);

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
      {error ? (
        <div className="error-banner" role="alert">
          {error}
          <button type="button" onClick={() => setError(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ) : null}
      {disk ? (
        <DiskView key={disk.session} api={api} disk={disk} jobStore={jobStore} />
      ) : (
        <div className="empty">{error ? '' : 'Opening…'}</div>
      )}
    </div>
  );
}
