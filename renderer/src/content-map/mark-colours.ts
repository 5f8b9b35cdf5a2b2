// The colour of a kind of mark, as the disk map's stylesheet gives it (`.map-mark-KIND`, in the
// theme on view), for drawing on a canvas: read off a hidden element of that class.

import { MAP_PALETTE } from '../../../electron/shared/content-map';
import { BAD_SECTOR_KIND } from './overlay-model';

export function markColourReader(probe: HTMLElement | null): (kind: string) => string {
  return (kind) => {
    if (kind === BAD_SECTOR_KIND) return MAP_PALETTE.unreadable;
    if (!probe) return '#c28cf0';
    probe.className = `content-map-probe map-mark map-mark-${kind}`;
    return getComputedStyle(probe).backgroundColor || '#c28cf0';
  };
}

/** What a kind of mark is called in the legend. */
export function markKindName(kind: string): string {
  const names: Record<string, string> = {
    'search-hit': 'search hits',
    'file-extent': 'file extents',
    bookmark: 'bookmarks',
    [BAD_SECTOR_KIND]: 'bad sectors',
  };
  return names[kind] ?? kind.replace(/-/g, ' ');
}
