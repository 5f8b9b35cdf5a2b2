import { useEffect, useState, useSyncExternalStore } from 'react';
import type { DiskApi, OpenResult } from '../../../electron/shared/contract';
import type { PartitionsJson } from '../../../electron/shared/disk';
import { progressFigures } from '../jobs/format-job';
import type { JobStore } from '../jobs/job-store';
import type { PanelDef } from '../layout/panel-types';
import type { MapMark } from '../structure/map-marks';
import { ContentMapPanel } from './ContentMapPanel';
import { ContentMapStore, runningPass, type MapLevel } from './map-store';

interface ContentMapPanelOptions {
  api: DiskApi;
  disk: OpenResult;
  jobStore: JobStore;
  report: PartitionsJson | null;
  /**
   * What else is drawn over the map, in lanes by kind: the disk map's marks (search hits, file
   * extents). Bookmarks join them here once the renderer lists them: kind 'bookmark', `color`
   * the bookmark's, and each is drawn in its own colour.
   */
  marks: readonly MapMark[];
  viewFirstLba: bigint;
  viewLastLba: bigint;
  onJump: (lba: bigint) => void;
}

/**
 * The Content map panel's dock entry (right side). Its maps outlive the panel's tab: they are
 * kept in a store for the view's life, and their jobs are in the view's job list.
 */
export function useContentMapPanel(options: ContentMapPanelOptions): PanelDef {
  const { api, disk, jobStore } = options;
  const [store] = useState(
    () => new ContentMapStore(api, jobStore, { session: disk.session, path: disk.geometry.path }),
  );
  useEffect(
    () => store.setDisk({ session: disk.session, path: disk.geometry.path }),
    [store, disk.session, disk.geometry.path],
  );
  useEffect(() => store.attach(), [store]);
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const running = runningPass(state.levels.at(-1) as MapLevel);
  const percent = running?.progress ? Math.floor(progressFigures(running.progress).percent) : 0;

  return {
    id: 'content-map',
    title: 'Content map',
    side: 'right',
    ...(running ? { badge: `${percent}%` } : {}),
    render: () => (
      <ContentMapPanel
        store={store}
        state={state}
        sectorSize={disk.geometry.logicalSectorSize}
        report={options.report}
        marks={options.marks}
        viewFirstLba={options.viewFirstLba}
        viewLastLba={options.viewLastLba}
        onJump={options.onJump}
      />
    ),
  };
}
