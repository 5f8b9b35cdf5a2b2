import type { DetectedFilesystem } from './filesystem-types';

/** Names read with a vowel sound first ("an ext4", "an NTFS", "an XFS"). */
const AN = /^(ext|NTFS|exFAT|XFS|F2FS|HFS|ISO|APFS|LVM|[aeioAEIO])/;

/** 'an ext4 filesystem (label "root", UUID 5c3f...)', for findings. */
export function describeFilesystem(fs: DetectedFilesystem): string {
  const noun = fs.usage === 'filesystem' ? 'filesystem' : 'volume';
  const identity = [
    fs.label === null ? null : `label "${fs.label}"`,
    fs.uuid === null ? null : `UUID ${fs.uuid}`,
  ].filter((part) => part !== null);
  const article = AN.test(fs.name) ? 'an' : 'a';
  return `${article} ${fs.name} ${noun}${identity.length > 0 ? ` (${identity.join(', ')})` : ''}`;
}
