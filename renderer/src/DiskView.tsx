import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { DiskApi, OpenResult, SearchHit } from '../../electron/shared/contract';
import type { DecodedField, TemplateId } from '../../electron/shared/disk';
import type { ClipboardFormat } from './clipboard/clipboard-format';
import { useCopySelection } from './clipboard/use-copy-selection';
import { useContentMapPanel } from './content-map/use-content-map-panel';
import { PageStore } from './disk/page-store';
import type { OffsetMode, PartitionSpan } from './grid/format';
import { HexGrid } from './grid/HexGrid';
import type { ByteRange } from './grid/HexRow';
import type { RowWidth } from './grid/row-fit';
import { DataInspector } from './inspector/DataInspector';
import { useInspectedBytes } from './inspector/use-inspected-bytes';
import { latestSearch, searchHitMarks } from './jobs/hit-marks';
import { JobDock, type JobMode } from './jobs/JobDock';
import { latestSearchHits, nextHit, type JobStore } from './jobs/job-store';
import { keysOf } from './keyboard/key-labels';
import { ShortcutHelp } from './keyboard/ShortcutHelp';
import { useAppShortcuts } from './keyboard/use-app-shortcuts';
import type { PanelDef } from './layout/panel-types';
import { PanelDock, type PanelDockHandle } from './layout/PanelDock';
import { useFragmentPosition } from './nav/fragment-position';
import type { GotoContext } from './nav/goto-language';
import { useNavigation } from './nav/use-navigation';
import { DiskBanners } from './status/DiskBanners';
import { StatusBar } from './status/StatusBar';
import { DiskMap } from './structure/DiskMap';
import { FindingsList } from './structure/FindingsList';
import { PartitionNavigator } from './structure/PartitionNavigator';
import { StructurePanel } from './structure/StructurePanel';
import { useDiskStructure } from './structure/use-disk-structure';
import { useShownStructure } from './structure/use-shown-structure';
import { ViewToolbar } from './toolbar/ViewToolbar';
import { useAfterPaint } from './use-after-paint';

const NO_FIELDS: readonly DecodedField[] = [];

interface DiskViewProps {
  api: DiskApi;
  /** The open disk; its session changes when it is reopened (after a lost connection). */
  disk: OpenResult;
  jobStore: JobStore;
  /** Opens the disk again (a disk that went away and came back). */
  onReopen: () => void;
}

/** One open disk: map, navigator, grid, structure and inspector panels, status bar. */
export function DiskView({ api, disk, jobStore, onReopen }: DiskViewProps) {
  const { geometry } = disk;
  const sizeBytes = BigInt(geometry.size);
  const sectorSize = BigInt(geometry.logicalSectorSize);
  // One store for the view's life: a reopened disk keeps the bytes on screen until read afresh.
  const [store] = useState(() => new PageStore(api, disk.session, geometry));
  const storeSession = useRef(disk.session);
  useEffect(() => {
    if (storeSession.current === disk.session) return;
    storeSession.current = disk.session;
    store.resume(disk.session);
  }, [disk.session, store]);
  useEffect(() => () => store.dispose(), [store]);
  const structure = useDiskStructure(api, disk.session);

  const [rowWidth, setRowWidth] = useState<RowWidth>(16);
  const [bytesPerRow, setBytesPerRow] = useState(16);
  const [offsetMode, setOffsetMode] = useState<OffsetMode>('hex');
  const [copyFormat, setCopyFormat] = useState<ClipboardFormat>('hex');
  const [panels, setPanels] = useState(true);
  const [jobMode, setJobMode] = useState<JobMode | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const jobs = useSyncExternalStore(jobStore.subscribe, jobStore.getSnapshot);
  const searchInput = useRef<HTMLInputElement>(null);
  const {
    cursor,
    selection,
    view,
    canGoBack,
    canGoForward,
    grid,
    gotoInput,
    currentCursor,
    jump,
    jumpAndSelect,
    clearSelection,
    jumpToLba,
    goBack,
    goForward,
    focusGoto,
    moveCursor,
    showView,
    select,
  } = useNavigation({ store, sectorSize });
  useFragmentPosition({
    firstLbaShown: view.start / sectorSize,
    sectorCount: BigInt(geometry.sectorCount),
    goToLba: jumpToLba,
  });

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
  const inspected = useInspectedBytes(store, panelCursor, panelSelection);

  const { apply: applyAt, setSelectedField } = shown;
  const applyTemplate = useCallback(
    (template: TemplateId) => applyAt(template, currentCursor()),
    [applyAt, currentCursor],
  );
  const fields = shown.fields.status === 'ready' ? shown.fields.fields : null;
  const selectField = useCallback(
    (index: number) => {
      const field = fields?.[index];
      if (!field) return;
      setSelectedField(index);
      select({ start: field.start, end: field.end });
    },
    [fields, select, setSelectedField],
  );

  /** A search hit as the bytes it matched, to select. */
  const hitRange = useCallback(
    (hit: SearchHit): ByteRange => {
      const search = jobStore.getSnapshot().find((job) => job.hits.includes(hit));
      const start = BigInt(hit.offset);
      return { start, end: start + BigInt(search?.hitLength ?? 1) };
    },
    [jobStore],
  );
  const openHit = useCallback(
    (hit: SearchHit) => jumpAndSelect(hitRange(hit)),
    [hitRange, jumpAndSelect],
  );
  const hitFromCursor = useCallback(
    (direction: 1 | -1) => {
      const hits = latestSearchHits(jobStore.getSnapshot(), disk.session);
      if (hits.length === 0) {
        return setNotice(`No search hits yet: search first (${keysOf('search')}).`);
      }
      // A selected hit has the cursor on its first byte: the next hit starts after it.
      const hit = nextHit(hits, currentCursor(), direction);
      if (hit) openHit(hit);
      else setNotice(direction > 0 ? 'No hit after the cursor.' : 'No hit before the cursor.');
    },
    [currentCursor, disk.session, jobStore, openHit],
  );
  const copySelection = useCopySelection(api, disk.session, sectorSize, selection, setNotice);
  const copy = useCallback(() => void copySelection(copyFormat), [copyFormat, copySelection]);

  const dock = useRef<HTMLDivElement>(null);
  const panelDock = useRef<PanelDockHandle>(null);
  const escape = () => {
    const inDock = dock.current?.contains(document.activeElement) ?? false;
    if (jobMode && inDock) return setJobMode(null);
    if (clearSelection()) return;
    if (jobMode) setJobMode(null);
  };

  useAppShortcuts(
    {
      focusGoto,
      back: goBack,
      forward: goForward,
      search: () => {
        setJobMode('search');
        panelDock.current?.show('jobs');
        requestAnimationFrame(() => searchInput.current?.focus());
      },
      nextHit: () => hitFromCursor(1),
      previousHit: () => hitFromCursor(-1),
      showHelp: () => setHelpOpen(true),
      escape,
    },
    // The help is modal: while it is open, keys act on it alone.
    !helpOpen,
  );

  const gotoContext: GotoContext = {
    sectorSize: geometry.logicalSectorSize,
    sizeBytes,
    cursor,
    partitions: structure.status === 'loading' ? null : partitions,
  };
  const go = useCallback(
    (offset: bigint, range: ByteRange | null) => (range ? jumpAndSelect(range) : jump(offset)),
    [jump, jumpAndSelect],
  );

  const search = latestSearch(jobs, disk.session);
  const marks = useMemo(() => searchHitMarks(search, sectorSize), [search, sectorSize]);
  const findings = report?.findings ?? [];
  const worst = findings.some((f) => f.severity === 'error')
    ? 'error'
    : findings.some((f) => f.severity === 'warning')
      ? 'warning'
      : 'neutral';
  const running = jobs.filter((job) => job.status === 'running').length;

  const contentMapPanel = useContentMapPanel({
    api,
    disk,
    jobStore,
    report,
    marks,
    viewFirstLba: panelView.start / sectorSize,
    viewLastLba: (panelView.end > 0n ? panelView.end - 1n : 0n) / sectorSize,
    onJump: jumpToLba,
  });

  // The dock's panels, in tab order: another panel is one more entry here (see layout/).
  const dockPanels: PanelDef[] = [];
  if (panels) {
    dockPanels.push(
      {
        id: 'partitions',
        title: 'Partitions',
        side: 'left',
        render: () =>
          structure.status === 'loading' ? (
            <p className="panel-empty">Reading the partition tables…</p>
          ) : structure.status === 'failed' ? (
            <p className="panel-empty panel-error">{structure.message}</p>
          ) : report ? (
            <PartitionNavigator
              report={report}
              currentLba={panelView.start / sectorSize}
              onJump={jumpToLba}
            />
          ) : null,
      },
      {
        id: 'findings',
        title: 'Findings',
        side: 'left',
        stack: 'lower',
        badge: report ? String(findings.length) : undefined,
        badgeTone: worst,
        render: () =>
          report ? (
            <FindingsList findings={findings} onJump={jumpToLba} />
          ) : (
            <p className="panel-empty">Reading the partition tables…</p>
          ),
      },
      {
        id: 'structure',
        title: 'Structure',
        side: 'right',
        render: () => (
          <StructurePanel
            structure={shown.structure}
            fields={shown.fields}
            backup={shown.backup}
            backupLabel={shown.backupLabel}
            selectedField={shown.selectedField}
            onSelectField={selectField}
            onApplyTemplate={applyTemplate}
            onClearApplied={shown.clearApplied}
            volume={shown.volume}
          />
        ),
      },
      {
        id: 'inspector',
        title: 'Inspector',
        side: 'right',
        stack: 'lower',
        render: () => (
          <DataInspector
            bytes={inspected.bytes}
            offset={inspected.offset}
            fromSelection={inspected.fromSelection}
          />
        ),
      },
    );
  }
  if (panels) dockPanels.push(contentMapPanel);
  if (jobMode) {
    const mode = jobMode;
    dockPanels.push({
      id: 'jobs',
      title: 'Jobs',
      side: 'bottom',
      badge: running > 0 ? `${running} running` : undefined,
      render: () => (
        <div ref={dock} className="job-dock-slot">
          <JobDock
            api={api}
            session={disk.session}
            sectorSize={geometry.logicalSectorSize}
            mode={mode}
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
        </div>
      ),
    });
  }

  return (
    <div className="disk-view">
      <ViewToolbar
        canGoBack={canGoBack}
        canGoForward={canGoForward}
        onBack={goBack}
        onForward={goForward}
        gotoInputRef={gotoInput}
        gotoContext={gotoContext}
        onGo={go}
        offsetMode={offsetMode}
        onOffsetModeChange={setOffsetMode}
        rowWidth={rowWidth}
        bytesPerRow={bytesPerRow}
        onRowWidthChange={setRowWidth}
        panels={panels}
        onTogglePanels={() => setPanels((p) => !p)}
        onStartJob={(mode) => {
          setJobMode(mode);
          panelDock.current?.show('jobs');
        }}
        copyFormat={copyFormat}
        onCopyFormatChange={setCopyFormat}
        onCopy={copy}
        onShowShortcuts={() => setHelpOpen(true)}
      />
      <DiskBanners store={store} onReopen={onReopen} />
      {report ? (
        <DiskMap
          report={report}
          viewFirstLba={panelView.start / sectorSize}
          viewLastLba={(panelView.end > 0n ? panelView.end - 1n : 0n) / sectorSize}
          onJump={jumpToLba}
          marks={marks}
        />
      ) : null}
      <PanelDock ref={panelDock} panels={dockPanels}>
        <HexGrid
          ref={grid}
          store={store}
          sizeBytes={sizeBytes}
          sectorSize={geometry.logicalSectorSize}
          rowWidth={rowWidth}
          offsetMode={offsetMode}
          partitions={partitions}
          cursor={cursor}
          selection={selection}
          fields={fields ?? NO_FIELDS}
          onCursorChange={moveCursor}
          onViewChange={showView}
          onBytesPerRowShown={setBytesPerRow}
          onCopy={copy}
        />
      </PanelDock>
      {notice ? (
        <div className="notice" role="status">
          {notice}
          <button type="button" onClick={() => setNotice(null)} aria-label="Dismiss notice">
            ×
          </button>
        </div>
      ) : null}
      {helpOpen ? <ShortcutHelp onClose={() => setHelpOpen(false)} /> : null}
      <StatusBar geometry={geometry} cursor={panelCursor} selection={panelSelection} />
    </div>
  );
}
