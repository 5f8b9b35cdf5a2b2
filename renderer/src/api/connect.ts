import type { DiskApi } from '../../../electron/shared/contract';
import { createBrowserApi } from './browser-api';
import { createElectronApi, type PreloadBridge } from './electron-api';

declare global {
  interface Window {
    sectorscope?: PreloadBridge;
  }
}

/** Electron's preload bridge when present, else the WebSocket of the serve process. */
export function connectApi(): DiskApi {
  if (window.sectorscope) return createElectronApi(window.sectorscope);
  const socketUrl = new URL('ws', window.location.href);
  socketUrl.protocol = socketUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  socketUrl.search = '';
  socketUrl.hash = '';
  return createBrowserApi(socketUrl.toString());
}
