// The content map: the disk in cells, each classed by what its bytes look like (classify.ts),
// laid out over the disk (cells.ts), tallied (cell-tally.ts), coloured (palette.ts), drawn
// (picture.ts) and keyed for reuse (map-key.ts). Pure: the jobs, the CLI and the viewer share it.
export * from './classify';
export * from './cells';
export * from './cell-tally';
export * from './palette';
export * from './picture';
export * from './map-key';
export { isPrintableCodePoint, isUtf16Text, isUtf8Text } from './text-check';
