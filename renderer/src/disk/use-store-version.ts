import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PageStore } from './page-store';

/**
 * Re-renders the caller when a page holding bytes [from, to) arrives; pages read ahead
 * elsewhere cause no render. The range is read through a ref, so a page that arrives while the
 * range is changing is never missed.
 */
export function useStoreVersion(store: PageStore, from: bigint, to: bigint): number {
  const [version, setVersion] = useState(0);
  const range = useRef({ first: 0n, last: -1n });
  useLayoutEffect(() => {
    range.current = {
      first: store.pageIndexOf(from < 0n ? 0n : from),
      last: store.pageIndexOf(to > from ? to - 1n : from),
    };
  }, [store, from, to]);
  useEffect(
    () =>
      store.subscribe((index) => {
        if (index >= range.current.first && index <= range.current.last) setVersion((v) => v + 1);
      }),
    [store],
  );
  return version;
}
