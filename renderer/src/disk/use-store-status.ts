import { useSyncExternalStore } from 'react';
import type { PageStore, StoreStatus } from './page-store';

export function useStoreStatus(store: PageStore): StoreStatus {
  return useSyncExternalStore(store.subscribeStatus, store.status);
}
