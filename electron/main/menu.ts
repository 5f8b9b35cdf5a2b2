import { Menu, type MenuItemConstructorOptions } from 'electron';

/** The application menu; View > Toggle Developer Tools only where DevTools are allowed. */
export function installMenu(
  actions: { openDisk: () => void; openDevice: () => void },
  options: { devTools: boolean },
): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open Disk or Image…', accelerator: 'CmdOrCtrl+O', click: actions.openDisk },
        { label: 'Open Device…', accelerator: 'CmdOrCtrl+Shift+O', click: actions.openDevice },
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
        ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
