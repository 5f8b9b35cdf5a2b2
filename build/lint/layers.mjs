// The project's layers and the ESLint rule that keeps every import pointing down them (npm test
// runs it through `npm run lint`). A file belongs to the layer of the first folder below that
// holds it, its tests included (a test/ folder is part of its layer). Each layer may import
// itself and the layers it lists; anything else is reported with the layer's own list. The
// table is a ladder: no layer lists one that lists it back (build/test/layers.test.ts checks).

import { dirname, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

/** Folders (or a file) and the layers each may import, bottom first. */
export const LAYERS = [
  { name: 'native-bridge', path: 'native-bridge/', may: [] },
  { name: 'shared', path: 'electron/shared/', may: [] },
  { name: 'sample', path: 'electron/sample/', may: ['shared'] },
  { name: 'source', path: 'electron/source/', may: ['native-bridge', 'shared'] },
  { name: 'files', path: 'electron/files/', may: ['source', 'shared', 'native-bridge'] },
  { name: 'jobs', path: 'electron/jobs/', may: ['files', 'source', 'shared', 'native-bridge'] },
  // Cases: bookmarks, the audit log and reports, over evidence read through the source layer.
  { name: 'case', path: 'electron/case/', may: ['jobs', 'source', 'shared'] },
  {
    name: 'service',
    path: 'electron/service/',
    may: ['case', 'jobs', 'files', 'source', 'shared', 'native-bridge'],
  },
  { name: 'server', path: 'electron/server/', may: ['service', 'shared'] },
  { name: 'main', path: 'electron/main/', may: ['service', 'source', 'shared', 'sample'] },
  { name: 'preload', path: 'electron/preload/', may: ['shared'] },
  {
    name: 'cli',
    path: 'electron/cli/',
    may: [
      'server',
      'service',
      'case',
      'jobs',
      'files',
      'source',
      'shared',
      'sample',
      'native-bridge',
    ],
  },
  { name: 'launcher', path: 'electron/launcher/', may: [] },
  { name: 'renderer', path: 'renderer/', may: ['shared'] },
];

/**
 * What reads evidence: only the source layer uses it (and the bridge itself), so every read of
 * a disk or image goes through electron/source/.
 */
const EVIDENCE_READERS = ['native-bridge/disk-reader.ts', 'native-bridge/libc.ts'];
const EVIDENCE_READER_NAMES = new Set(['DiskReader', 'getLibc', 'createBlockingPread']);
const MAY_READ_EVIDENCE = new Set(['native-bridge', 'source']);

/** The layer holding `file` (absolute), or undefined outside every layer (e2e/, build/). */
export function layerOf(file) {
  const path = relative(root, file).split(sep).join('/');
  // An import of a folder ('../source') names its index.
  return LAYERS.find((layer) =>
    layer.path.endsWith('/') ? `${path}/`.startsWith(layer.path) : path === layer.path,
  );
}

function listOf(names) {
  if (names.length === 0) return 'nothing else of the app';
  const paths = names.map((name) => LAYERS.find((layer) => layer.name === name).path);
  return paths.length === 1 ? paths[0] : `${paths.slice(0, -1).join(', ')} and ${paths.at(-1)}`;
}

/** The file an import names, as a path from the root; bare package names are none of ours. */
function importedPath(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  return resolve(dirname(fromFile), specifier);
}

function isEvidenceReader(target, names) {
  const path = relative(root, target).split(sep).join('/');
  const file = /\.[cm]?[jt]sx?$/.test(path) ? path : `${path}.ts`;
  if (EVIDENCE_READERS.includes(file)) return true;
  const isBridgeIndex = path === 'native-bridge' || path === 'native-bridge/index';
  return isBridgeIndex && names.some((name) => EVIDENCE_READER_NAMES.has(name));
}

const onlyDown = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports only point down the layers in build/lint/layers.mjs.' },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename);
    if (!from) return {};
    const check = (node, specifier, names = []) => {
      if (typeof specifier !== 'string') return;
      const target = importedPath(context.filename, specifier);
      if (!target) return;
      const to = layerOf(target);
      const shown = relative(root, target).split(sep).join('/');
      if (to && to !== from && !from.may.includes(to.name)) {
        context.report({
          node,
          message:
            `${from.path} may not import ${shown}: ${from.path} imports only ` +
            `${listOf(from.may)} (layers point down; see build/lint/layers.mjs).`,
        });
        return;
      }
      if (to?.name === 'native-bridge' && !MAY_READ_EVIDENCE.has(from.name)) {
        if (isEvidenceReader(target, names)) {
          context.report({
            node,
            message:
              `${from.path} may not use the bridge's disk reader (${shown}): every read ` +
              'of evidence goes through electron/source/ (openSource).',
          });
        }
      }
    };
    const importedNames = (node) =>
      (node.specifiers ?? []).map((s) => s.imported?.name ?? s.local?.name).filter(Boolean);
    return {
      ImportDeclaration: (node) => check(node, node.source.value, importedNames(node)),
      ExportNamedDeclaration: (node) =>
        node.source && check(node, node.source.value, importedNames(node)),
      ExportAllDeclaration: (node) => check(node, node.source.value, ['*']),
      ImportExpression: (node) => check(node, node.source.value, ['*']),
      CallExpression: (node) => {
        const [argument] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && argument) {
          check(node, argument.value, ['*']);
        }
      },
    };
  },
};

export const layersPlugin = { rules: { 'only-down': onlyDown } };
