import type { DiskApi } from '../../../electron/shared/contract';
import { createBrowserApi } from './browser-api';
import { ConnectionStatus } from './connection-status';
import { createElectronApi, type PreloadBridge } from './electron-api';

declare global {
  interface Window {
    sectorscope?: PreloadBridge;
  }
}

export interface Connection {
  api: DiskApi;
  status: ConnectionStatus;
}

/** Electron's preload bridge when present, else the WebSocket of the serve process. */
export function connectApi(): Connection {
  const status = new ConnectionStatus();
  if (window.sectorscope) return { api: createElectronApi(window.sectorscope, status), status };
  const pageUrl = new URL(window.location.href);
  pageUrl.search = '';
  pageUrl.hash = '';
  const socketUrl = new URL('ws', pageUrl);
  socketUrl.protocol = socketUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  return { api: createBrowserApi(socketUrl.toString(), pageUrl.toString(), status), status };
}
