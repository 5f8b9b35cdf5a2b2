import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { flushSync } from 'react-dom';
import type { DiskApi, OpenResult, SearchHit } from '../../electron/shared/contract';
import type { TemplateId } from '../../electron/shared/disk';
import { formatCopy, type CopyFormat } from '../../electron/shared/copy-format';
import { JobDock, type JobMode } from './jobs/JobDock';
import { latestSearchHits, nextHit, type JobStore } from './jobs/job-store';
import { PageStore } from './disk/page-store';
import { useStoreVersion } from './disk/use-store-version';
import type { OffsetMode, PartitionSpan } from './grid/format';
import { HexGrid, type HexGridHandle } from './grid/HexGrid';
import type { ByteRange } from './grid/HexRow';
import { DataInspector } from './inspector/DataInspector';
import { JumpHistory } from './nav/jump-history';
import { StatusBar } from './status/StatusBar';
import { DiskMap } from './structure/DiskMap';
import { FindingsList } from './structure/FindingsList';
import { PartitionNavigator } from './structure/PartitionNavigator';
import { StructurePanel } from './structure/StructurePanel';
import { useDiskStructure } from './structure/use-disk-structure';
import { useShownStructure } from './structure/use-shown-structure';
import { GotoField } from './toolbar/GotoField';
import { useAfterPaint } from './use-after-paint';

interface DiskViewProps {
  api: DiskApi;
  disk: OpenResult;
  jobStore: JobStore;
}

const ROW_WIDTHS = [8, 16, 32] as const;
const INSPECTOR_BYTES = 16;
const MAX_INSPECTED_SELECTION = 256;
/** How long a jump waits for its bytes before it shows placeholders. */
const JUMP_WAIT_MS = 40;

/** One open disk: map, navigator, grid, structure and inspector panels, status bar. */
export function DiskView({ api, disk, jobStore }: DiskViewProps) {
  const { geometry } = disk;
  const sizeBytes = BigInt(geometry.size);
  const sectorSize = BigInt(geometry.logicalSectorSize);
  const store = useMemo(
    () => new PageStore(api, disk.session, geometry),
    [api, disk.session, geometry],
  );
  useEffect(() => () => store.dispose(), [store]);
  const structure = useDiskStructure(api, disk.session);

  const [cursor, setCursor] = useState(0n);
  const [anchor, setAnchor] = useState<bigint | null>(null);
  const [view, setView] = useState<ByteRange>({ start: 0n, end: 0n });
  const [bytesPerRow, setBytesPerRow] = useState<number>(16);
  const [offsetMode, setOffsetMode] = useState<OffsetMode>('hex');
  const [panels, setPanels] = useState(true);
  const [jobMode, setJobMode] = useState<JobMode | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const jobs = useSyncExternalStore(jobStore.subscribe, jobStore.getSnapshot);
  const searchInput = useRef<HTMLInputElement>(null);
  const history = useRef(new JumpHistory());
  const [canGo, setCanGo] = useState({ back: false, forward: false });
  const grid = useRef<HexGridHandle>(null);
  const gotoInput = useRef<HTMLInputElement>(null);
  const cursorRef = useRef(cursor);
  useLayoutEffect(() => {
    cursorRef.current = cursor;
  }, [cursor]);

  const selection: ByteRange | null = useMemo(
    () =>
      anchor === null
        ? null
        : {
            start: anchor < cursor ? anchor : cursor,
            end: (anchor < cursor ? cursor : anchor) + 1n,
          },
    [anchor, cursor],
  );
  const report = structure.status === 'ready' ? structure.view.report : null;
  const partitions: PartitionSpan[] = useMemo(
    () =>
      (report?.partitions ?? [])
        .filter((p) => p.kind !== 'extended')
        .map((p) => ({ index: p.index, start: BigInt(p.start), end: BigInt(p.end) })),
    [report],
  );
  // The panels (structure, inspector, disk map, status bar) follow the cursor and the view once
  // the grid has been painted: a jump's frame then lays out the grid alone.
  const panelCursor = useAfterPaint(cursor);
  const panelSelection = useAfterPaint(selection);
  const panelView = useAfterPaint(view);
  const shown = useShownStructure({
    api,
    session: disk.session,
    geometry,
    structure,
    cursor: panelCursor,
    view: panelView,
  });

  // A jump lands when its bytes are here (or after a short wait): one render and one paint, in
  // the task that brought the bytes. Until then nothing on screen changes, not even focus or the
  // Back button: a paint in between would compete for the CPU with the reply on its way.
  const landing = useRef(0);
  const viewBytes = useRef(0n);
  useLayoutEffect(() => {
    viewBytes.current = view.end - view.start;
  }, [view]);
  const land = useCallback(
    (offset: bigint, focusGrid: boolean) => {
      const ticket = ++landing.current;
      // Marked on the element itself: a React render here would hold the main thread just
      // when the bytes arrive.
      grid.current?.setBusy(true);
      const rowStart = offset - (offset % BigInt(bytesPerRow));
      void store.fetchSoon(rowStart, rowStart + viewBytes.current, JUMP_WAIT_MS).then(() => {
        if (ticket !== landing.current) return;
        flushSync(() => {
          setCursor(offset);
          setAnchor(null);
          setCanGo({ back: history.current.canBack, forward: history.current.canForward });
          grid.current?.showOffsetAtTop(offset);
        });
        grid.current?.setBusy(false);
        if (focusGrid) grid.current?.focus();
      });
    },
    [bytesPerRow, store],
  );
  const jump = useCallback(
    (offset: bigint) => {
      history.current.push(cursorRef.current, offset);
      land(offset, true);
    },
    [land],
  );
  const jumpToLba = useCallback((lba: bigint) => jump(lba * sectorSize), [jump, sectorSize]);
  const goBack = useCallback(() => {
    const offset = history.current.back();
    if (offset !== null) land(offset, false);
  }, [land]);
  const goForward = useCallback(() => {
    const offset = history.current.forward();
    if (offset !== null) land(offset, false);
  }, [land]);

  const { apply: applyAt } = shown;
  const applyTemplate = useCallback(
    (template: TemplateId) => applyAt(template, cursorRef.current),
    [applyAt],
  );
  const onCursorChange = useCallback((offset: bigint, extend: boolean) => {
    setAnchor((current) => (extend ? (current ?? cursorRef.current) : null));
    setCursor(offset);
  }, []);
  const onViewChange = useCallback(
    (first: bigint, last: bigint) => setView({ start: first, end: last + 1n }),
    [],
  );
  const selectField = useCallback(
    (index: number) => {
      const field = shown.fields.status === 'ready' ? shown.fields.fields[index] : undefined;
      if (!field) return;
      shown.setSelectedField(index);
      setAnchor(field.start);
      setCursor(field.end - 1n);
      const row = field.start;
      if (row < view.start || field.end > view.end) grid.current?.showOffsetAtTop(row);
    },
    [shown, view],
  );

  const openHit = useCallback((hit: SearchHit) => jump(BigInt(hit.offset)), [jump]);
  const hitFromCursor = useCallback(
    (direction: 1 | -1) => {
      const hits = latestSearchHits(jobStore.getSnapshot(), disk.session);
      if (hits.length === 0) return setNotice('No search hits yet: search first (Ctrl+F).');
      const hit = nextHit(hits, cursorRef.current, direction);
      if (hit) openHit(hit);
      else setNotice(direction > 0 ? 'No hit after the cursor.' : 'No hit before the cursor.');
    },
    [disk.session, jobStore, openHit],
  );

  const copySelection = useCallback(
    async (format: CopyFormat) => {
      if (!selection) return setNotice('Select bytes first (Shift+click or Shift+arrows).');
      const length = selection.end - selection.start;
      if (length > 1024n * 1024n)
        return setNotice('Copy takes at most 1 MiB; export larger ranges.');
      const first = selection.start / sectorSize;
      const last = (selection.end - 1n) / sectorSize;
      try {
        const { data, unreadable } = await api.call('readSectors', {
          session: disk.session,
          lba: first.toString(),
          count: Number(last - first + 1n),
        });
        if (unreadable.length > 0) {
          return setNotice(
            `Not copied: LBA ${unreadable.join(', ')} in the selection is unreadable.`,
          );
        }
        const from = Number(selection.start - first * sectorSize);
        const bytes = data.subarray(from, from + Number(length));
        await navigator.clipboard.writeText(formatCopy(bytes, format));
        setNotice(`Copied ${length} bytes as ${format === 'c' ? 'a C array' : format}.`);
      } catch (failure) {
        setNotice(`Not copied: ${(failure as Error).message}`);
      }
    },
    [api, disk.session, sectorSize, selection],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F3') {
        event.preventDefault();
        hitFromCursor(event.shiftKey ? -1 : 1);
      } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        setJobMode('search');
        requestAnimationFrame(() => searchInput.current?.focus());
      } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'g') {
        event.preventDefault();
        gotoInput.current?.focus();
        gotoInput.current?.select();
      } else if (event.altKey && event.key === 'ArrowLeft') {
        event.preventDefault();
        goBack();
      } else if (event.altKey && event.key === 'ArrowRight') {
        event.preventDefault();
        goForward();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [goBack, goForward, hitFromCursor]);

  const inspectedFrom = panelSelection ? panelSelection.start : panelCursor;
  const inspectedLength = panelSelection
    ? Number(
        panelSelection.end - panelSelection.start > BigInt(MAX_INSPECTED_SELECTION)
          ? BigInt(MAX_INSPECTED_SELECTION)
          : panelSelection.end - panelSelection.start,
      )
    : INSPECTOR_BYTES;
  const inspectedVersion = useStoreVersion(
    store,
    inspectedFrom,
    inspectedFrom + BigInt(inspectedLength),
  );
  const inspectedBytes = useMemo(
    () => store.bytesAt(inspectedFrom, inspectedLength),
    // The version changes when the pages holding these bytes arrive.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [store, inspectedFrom, inspectedLength, inspectedVersion],
  );

  return (
    <div className="disk-view">
      <div className="toolbar" role="toolbar" aria-label="View">
        <button
          type="button"
          onClick={goBack}
          disabled={!canGo.back}
          title="Back (Alt+Left)"
          aria-label="Back"
        >
          ◀
        </button>
        <button
          type="button"
          onClick={goForward}
          disabled={!canGo.forward}
          title="Forward (Alt+Right)"
          aria-label="Forward"
        >
          ▶
        </button>
        <GotoField
          inputRef={gotoInput}
          sectorSize={geometry.logicalSectorSize}
          sizeBytes={sizeBytes}
          onGo={jump}
        />
        <label className="select">
          Offsets
          <select
            value={offsetMode}
            onChange={(e) => setOffsetMode(e.target.value as OffsetMode)}
            aria-label="Offset column"
          >
            <option value="hex">hex byte offset</option>
            <option value="lba">LBA:offset</option>
            <option value="partition">partition LBA:offset</option>
          </select>
        </label>
        <label className="select">
          Bytes per row
          <select
            value={bytesPerRow}
            onChange={(e) => setBytesPerRow(Number(e.target.value))}
            aria-label="Bytes per row"
          >
            {ROW_WIDTHS.map((width) => (
              <option key={width} value={width}>
                {width}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setPanels((p) => !p)} aria-pressed={panels}>
          Panels
        </button>
        <button type="button" onClick={() => setJobMode('hash')}>
          Hash
        </button>
        <button
          type="button"
          onClick={() => setJobMode('search')}
          title="Search (Ctrl+F; F3 next hit)"
        >
          Search
        </button>
        <button type="button" onClick={() => setJobMode('export')}>
          Export
        </button>
        <label className="select">
          <select
            aria-label="Copy selection as"
            value=""
            onChange={(event) => {
              if (event.target.value) void copySelection(event.target.value as CopyFormat);
            }}
          >
            <option value="">selection as…</option>
            <option value="hex">hex</option>
            <option value="c">C array</option>
            <option value="base64">Base64</option>
          </select>
        </label>
      </div>
      {report ? (
        <DiskMap
          report={report}
          viewFirstLba={panelView.start / sectorSize}
          viewLastLba={(panelView.end > 0n ? panelView.end - 1n : 0n) / sectorSize}
          onJump={jumpToLba}
        />
      ) : null}
      <div className="workspace">
        {panels ? (
          <aside className="sidebar sidebar-left">
            {structure.status === 'loading' ? (
              <p className="panel-empty">Reading the partition tables…</p>
            ) : null}
            {structure.status === 'failed' ? (
              <p className="panel-empty panel-error">{structure.message}</p>
            ) : null}
            {report ? (
              <>
                <PartitionNavigator
                  report={report}
                  currentLba={panelView.start / sectorSize}
                  onJump={jumpToLba}
                />
                <FindingsList findings={report.findings} onJump={jumpToLba} />
              </>
            ) : null}
          </aside>
        ) : null}
        <HexGrid
          ref={grid}
          store={store}
          sizeBytes={sizeBytes}
          sectorSize={geometry.logicalSectorSize}
          bytesPerRow={bytesPerRow}
          offsetMode={offsetMode}
          partitions={partitions}
          cursor={cursor}
          selection={selection}
          fields={shown.fields.status === 'ready' ? shown.fields.fields : []}
          onCursorChange={onCursorChange}
          onViewChange={onViewChange}
        />
        {panels ? (
          <aside className="sidebar sidebar-right">
            <StructurePanel
              structure={shown.structure}
              fields={shown.fields}
              backup={shown.backup}
              backupLabel={shown.backupLabel}
              selectedField={shown.selectedField}
              onSelectField={selectField}
              onApplyTemplate={applyTemplate}
              onClearApplied={shown.clearApplied}
            />
            <DataInspector
              bytes={inspectedBytes}
              offset={inspectedFrom}
              fromSelection={panelSelection !== null}
            />
          </aside>
        ) : null}
      </div>
      {jobMode ? (
        <JobDock
          api={api}
          session={disk.session}
          sectorSize={geometry.logicalSectorSize}
          mode={jobMode}
          onModeChange={setJobMode}
          onClose={() => setJobMode(null)}
          partitions={report?.partitions ?? []}
          selection={selection}
          jobs={jobs}
          store={jobStore}
          onOpenHit={openHit}
          searchInputRef={searchInput}
          diskPath={geometry.path}
        />
      ) : null}
      {notice ? (
        <div className="notice" role="status">
          {notice}
          <button type="button" onClick={() => setNotice(null)} aria-label="Dismiss notice">
            ×
          </button>
        </div>
      ) : null}
      <StatusBar geometry={geometry} cursor={panelCursor} selection={panelSelection} />
    </div>
  );
}
