import { useEffect, useRef } from 'react';
import { parseWholeNumber } from '../../../electron/shared/goto-input';

// The position in the page's URL fragment, `#lba=2048`: handed in from outside (`serve PATH
// --lba N` prints such a URL, the desktop app loads one for `--lba N`, a local link carries
// one), and kept up to date as the view moves, so that reloading the page keeps the place.

const FRAGMENT = /^#lba=([0-9a-fA-Fx_]+)$/;

/** The LBA a fragment names, or null. */
export function lbaOfFragment(hash: string): bigint | null {
  const match = FRAGMENT.exec(hash);
  return match?.[1] === undefined ? null : parseWholeNumber(match[1]);
}

export function fragmentOf(lba: bigint): string {
  return `#lba=${lba}`;
}

/** How long the view rests before the fragment follows it (browsers throttle URL updates). */
const FOLLOW_MS = 250;

/**
 * Goes to the fragment's LBA when the disk opens (when it is on the disk) and whenever the
 * fragment is changed from outside (a link, the address bar), and keeps the fragment on the
 * first LBA of the view.
 */
export function useFragmentPosition(options: {
  firstLbaShown: bigint;
  sectorCount: bigint;
  goToLba: (lba: bigint) => void;
}): void {
  const { firstLbaShown, sectorCount, goToLba } = options;
  const started = useRef(false);
  /** True from the jump to the fragment's LBA until the view has left LBA 0 for it. */
  const arriving = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const lba = lbaOfFragment(window.location.hash);
    if (lba === null || lba <= 0n || lba >= sectorCount) return;
    arriving.current = true;
    goToLba(lba);
  }, [goToLba, sectorCount]);

  // A link to #lba=N in the page, or a fragment typed into the address bar.
  useEffect(() => {
    const onHashChange = () => {
      const lba = lbaOfFragment(window.location.hash);
      if (lba !== null && lba < sectorCount) goToLba(lba);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [goToLba, sectorCount]);

  useEffect(() => {
    if (arriving.current) {
      if (firstLbaShown === 0n) return;
      arriving.current = false;
    }
    const timer = setTimeout(() => {
      const fragment = fragmentOf(firstLbaShown);
      if (window.location.hash === fragment) return;
      // The URL without its old fragment; replaceState neither navigates nor adds history.
      window.history.replaceState(window.history.state, '', fragment);
    }, FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [firstLbaShown]);
}
