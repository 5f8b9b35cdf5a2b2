import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { DiskApi, OpenResult, SearchHit } from '../../electron/shared/contract';
import type { DecodedField, TemplateId } from '../../electron/shared/disk';
import { useCopySelection } from './clipboard/use-copy-selection';
import { PageStore } from './disk/page-store';
import type { OffsetMode, PartitionSpan } from './grid/format';
import { HexGrid } from './grid/HexGrid';
import { DataInspector } from './inspector/DataInspector';
import { useInspectedBytes } from './inspector/use-inspected-bytes';
import { JobDock, type JobMode } from './jobs/JobDock';
import { latestSearchHits, nextHit, type JobStore } from './jobs/job-store';
import { keysOf } from './keyboard/key-labels';
import { ShortcutHelp } from './keyboard/ShortcutHelp';
import { useAppShortcuts } from './keyboard/use-app-shortcuts';
import { useNavigation } from './nav/use-navigation';
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
  disk: OpenResult;
  jobStore: JobStore;
}

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

  const [bytesPerRow, setBytesPerRow] = useState<number>(16);
  const [offsetMode, setOffsetMode] = useState<OffsetMode>('hex');
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
    jumpToLba,
    goBack,
    goForward,
    focusGoto,
    moveCursor,
    showView,
    select,
  } = useNavigation({ store, bytesPerRow, sectorSize });

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

  const openHit = useCallback((hit: SearchHit) => jump(BigInt(hit.offset)), [jump]);
  const hitFromCursor = useCallback(
    (direction: 1 | -1) => {
      const hits = latestSearchHits(jobStore.getSnapshot(), disk.session);
      if (hits.length === 0) {
        return setNotice(`No search hits yet: search first (${keysOf('search')}).`);
      }
      const hit = nextHit(hits, currentCursor(), direction);
      if (hit) openHit(hit);
      else setNotice(direction > 0 ? 'No hit after the cursor.' : 'No hit before the cursor.');
    },
    [currentCursor, disk.session, jobStore, openHit],
  );
  const copySelection = useCopySelection(api, disk.session, sectorSize, selection, setNotice);

  useAppShortcuts(
    {
      focusGoto,
      back: goBack,
      forward: goForward,
      search: () => {
        setJobMode('search');
        requestAnimationFrame(() => searchInput.current?.focus());
      },
      nextHit: () => hitFromCursor(1),
      previousHit: () => hitFromCursor(-1),
      showHelp: () => setHelpOpen(true),
    },
    // The help is modal: while it is open, keys act on it alone.
    !helpOpen,
  );

  return (
    <div className="disk-view">
      <ViewToolbar
        canGoBack={canGoBack}
        canGoForward={canGoForward}
        onBack={goBack}
        onForward={goForward}
        gotoInputRef={gotoInput}
        sectorSize={geometry.logicalSectorSize}
        sizeBytes={sizeBytes}
        onGo={jump}
        offsetMode={offsetMode}
        onOffsetModeChange={setOffsetMode}
        bytesPerRow={bytesPerRow}
        onBytesPerRowChange={setBytesPerRow}
        panels={panels}
        onTogglePanels={() => setPanels((p) => !p)}
        onStartJob={setJobMode}
        onCopy={(format) => void copySelection(format)}
        onShowShortcuts={() => setHelpOpen(true)}
      />
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
          fields={fields ?? NO_FIELDS}
          onCursorChange={moveCursor}
          onViewChange={showView}
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
              bytes={inspected.bytes}
              offset={inspected.offset}
              fromSelection={inspected.fromSelection}
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
      {helpOpen ? <ShortcutHelp onClose={() => setHelpOpen(false)} /> : null}
      <StatusBar geometry={geometry} cursor={panelCursor} selection={panelSelection} />
    </div>
  );
}
