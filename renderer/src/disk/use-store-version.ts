import { useEffect, useState } from 'react';
import type { PageStore } from './page-store';

/** Re-renders the caller whenever a page of the store arrives. */
export function useStoreVersion(store: PageStore): number {
  const [version, setVersion] = useState(0);
  useEffect(() => store.subscribe(() => setVersion((v) => v + 1)), [store]);
  return version;
}
