import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BackupComparison, DiskApi, DiskGeometry } from '../../../electron/shared/contract';
import { TEMPLATES, type TemplateId } from '../../../electron/shared/disk';
import type { ByteRange } from '../grid/HexRow';
import type { FieldsState } from './StructurePanel';
import {
  fromView,
  loadStructureFields,
  structureEnd,
  type ShownStructure,
} from './decode-structure';
import type { StructureState } from './use-disk-structure';
import { foundVolumes, isStructureOf, volumeAt } from './volume-at';

interface ShownStructureInput {
  api: DiskApi;
  session: string;
  geometry: DiskGeometry;
  structure: StructureState;
  cursor: bigint;
  view: ByteRange;
}

/**
 * The structure under view: one the user applied at the cursor; else the located structure
 * holding the cursor; else, on a partition's first sector, that partition's first structure;
 * else the first located structure on screen. Its fields are read and decoded.
 */
export function useShownStructure({
  api,
  session,
  geometry,
  structure,
  cursor,
  view,
}: ShownStructureInput) {
  const [applied, setApplied] = useState<ShownStructure | null>(null);
  // Results are keyed by the structure they belong to, so a stale one is never shown.
  const [loaded, setLoaded] = useState<{ key: string; state: FieldsState } | null>(null);
  const [selected, setSelected] = useState<{ key: string | null; index: number }>({
    key: null,
    index: -1,
  });

  const located = useMemo(
    () =>
      structure.status === 'ready'
        ? structure.view.structures.map(fromView).filter((s): s is ShownStructure => s !== null)
        : [],
    [structure],
  );
  const underCursor = located.find((s) => cursor >= s.byteOffset && cursor < structureEnd(s));
  const onScreen = located.find((s) => s.byteOffset >= view.start && s.byteOffset < view.end);
  // On a partition's first sector, its main structure (an ext superblock lies 1024 bytes in).
  const sectorSize = BigInt(geometry.logicalSectorSize);
  const cursorPartition =
    structure.status === 'ready'
      ? structure.view.report.partitions.find(
          (p) => p.kind !== 'extended' && BigInt(p.start) === cursor / sectorSize,
        )
      : undefined;
  const ofPartition = cursorPartition
    ? located.find((s) => s.partitionIndex === cursorPartition.index && s.backupOf === null)
    : undefined;
  // Likewise on the first sector of a file system lost in a gap, or of the whole disk's.
  const volumes = useMemo(
    () => (structure.status === 'ready' ? foundVolumes(structure.view.report) : []),
    [structure],
  );
  const volume = volumeAt(volumes, cursor / sectorSize);
  const ofVolume =
    volume && volume.where !== 'partition' && BigInt(volume.start) === cursor / sectorSize
      ? located.find((s) => isStructureOf(volume, s) && s.backupOf === null)
      : undefined;
  const shown = applied ?? underCursor ?? ofPartition ?? ofVolume ?? onScreen ?? null;
  // A volume no template shows is named by its identity instead.
  const untemplated = volume && !located.some((s) => isStructureOf(volume, s)) ? volume : null;
  const shownKey = shown ? `${shown.id}@${shown.byteOffset}` : null;

  const sizeBytes = BigInt(geometry.size);
  useEffect(() => {
    if (!shown || shownKey === null) return;
    let live = true;
    loadStructureFields(api, session, geometry.logicalSectorSize, sizeBytes, shown).then(
      (decoded) =>
        live && setLoaded({ key: shownKey, state: { status: 'ready', fields: decoded } }),
      (error: Error) =>
        live && setLoaded({ key: shownKey, state: { status: 'failed', message: error.message } }),
    );
    return () => {
      live = false;
    };
    // shownKey identifies the structure; the object itself is rebuilt on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, session, geometry.logicalSectorSize, sizeBytes, shownKey]);
  const fields: FieldsState =
    shownKey === null
      ? { status: 'none' }
      : loaded?.key === shownKey
        ? loaded.state
        : { status: 'loading' };
  const selectedField = selected.key === shownKey ? selected.index : -1;
  const setSelectedField = useCallback(
    (index: number) => setSelected({ key: shownKey, index }),
    [shownKey],
  );

  let backup: BackupComparison | null = null;
  let backupLabel: string | null = null;
  if (shown && structure.status === 'ready') {
    backup =
      structure.view.backups.find((b) => b.structure === shown.id || b.backup === shown.id) ?? null;
    const otherId = backup
      ? backup.structure === shown.id
        ? backup.backup
        : backup.structure
      : null;
    const other = structure.view.structures.find((s) => s.id === otherId);
    backupLabel = other ? `${other.label}, LBA ${other.lba}` : null;
  }

  const apply = useCallback((template: TemplateId, at: bigint) => {
    setApplied({
      id: `user-${template}`,
      label: `${TEMPLATES[template].name} at 0x${at.toString(16).toUpperCase()}`,
      template,
      byteOffset: at,
      count: 1,
      stride: TEMPLATES[template].size,
      backupOf: null,
      partitionIndex: null,
      appliedByUser: true,
    });
  }, []);
  const clearApplied = useCallback(() => setApplied(null), []);

  return {
    structure: shown,
    volume: untemplated,
    fields,
    backup: shown?.appliedByUser ? null : backup,
    backupLabel,
    selectedField,
    setSelectedField,
    apply,
    clearApplied,
  };
}
