import { useEffect, useState } from 'react';
import type { DiskApi, DiskStructureView } from '../../../electron/shared/contract';

export type StructureState =
  | { status: 'loading' }
  | { status: 'ready'; view: DiskStructureView }
  | { status: 'failed'; message: string };

/** The disk's partition layout and structures, analysed once in main for this session. */
export function useDiskStructure(api: DiskApi, session: string): StructureState {
  const [state, setState] = useState<StructureState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    api.call('analyze', { session }).then(
      (view) => live && setState({ status: 'ready', view }),
      (error: Error) => live && setState({ status: 'failed', message: error.message }),
    );
    return () => {
      live = false;
    };
  }, [api, session]);
  return state;
}
