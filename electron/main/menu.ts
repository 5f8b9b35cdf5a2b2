import { Menu, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

export interface MenuActions {
  openDisk: () => void;
  openDevice: () => void;
  newCase: () => void;
  openCase: () => void;
  openRecentCase: (dir: string) => void;
  clearRecentCases: () => void;
  closeCase: () => void;
}

export interface MenuState {
  devTools: boolean;
  /** Case folders opened last, newest first. */
  recentCases: readonly string[];
  /** A case is open (File > Close Case). */
  caseOpen: boolean;
}

function recentCasesMenu(
  actions: MenuActions,
  recent: readonly string[],
): MenuItemConstructorOptions {
  const items: MenuItemConstructorOptions[] = recent.map((dir) => ({
    label: `${basename(dir)} — ${dir}`,
    click: () => actions.openRecentCase(dir),
  }));
  return {
    label: 'Recent Cases',
    submenu:
      items.length > 0
        ? [
            ...items,
            { type: 'separator' },
            { label: 'Clear Recent Cases', click: actions.clearRecentCases },
          ]
        : [{ label: 'No Recent Cases', enabled: false }],
  };
}

/**
 * The application menu (built again when the recent cases change); View > Toggle Developer
 * Tools only where DevTools are allowed.
 */
export function installMenu(actions: MenuActions, state: MenuState): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open Disk or Image…', accelerator: 'CmdOrCtrl+O', click: actions.openDisk },
        { label: 'Open Device…', accelerator: 'CmdOrCtrl+Shift+O', click: actions.openDevice },
        { type: 'separator' },
        { label: 'New Case…', click: actions.newCase },
        { label: 'Open Case…', click: actions.openCase },
        recentCasesMenu(actions, state.recentCases),
        { label: 'Close Case', enabled: state.caseOpen, click: actions.closeCase },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { label: 'Edit', submenu: [{ role: 'copy' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(state.devTools ? [{ role: 'toggleDevTools' } as const] : []),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
