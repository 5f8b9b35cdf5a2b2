/**
 * Whether DevTools may open: in development (Electron running dist/main.cjs, not a packaged
 * app), or when SECTORSCOPE_DEVTOOLS=1 asks for them. A packaged app otherwise has neither the
 * menu entry nor the DevTools themselves (webPreferences.devTools).
 */
export function devToolsAllowed(isPackaged: boolean, env: NodeJS.ProcessEnv): boolean {
  return !isPackaged || env.SECTORSCOPE_DEVTOOLS === '1';
}
