/**
 * The Electron main process: one hardened window on the built renderer, the
 * contract bound to ipcMain, and the same services `plugsmith serve` uses.
 * Security settings follow Electron's checklist; each relaxation is commented.
 */
import { app, BrowserWindow, ipcMain, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServices, type Services } from './services/index';
import { bindIpc, trustedSender } from './ipc/electron';
import { allowedExternal, isSameAppPage, isAllowedPermission, ROOT_REFUSAL } from './window-policy';

if (process.getuid?.() === 0) {
  console.error(ROOT_REFUSAL);
  process.exit(1);
}

// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

const RENDERER_INDEX = join(__dirname, '..', 'renderer', 'index.html');
const PRELOAD = join(__dirname, 'preload.cjs');
const APP_URL = pathToFileURL(RENDERER_INDEX).href;

let mainWindow: BrowserWindow | null = null;
let services: Services | null = null;

/**
 * Opens a listed link in the user's browser. Each address is a literal at its
 * openExternal call, so nothing the page composes reaches the OS URL handler.
 */
function openListedLink(url: string | null): void {
  switch (url) {
    case 'https://docs.docker.com/engine/extend/':
      void shell.openExternal('https://docs.docker.com/engine/extend/');
      return;
    case 'https://docs.docker.com/engine/extend/config/':
      void shell.openExternal('https://docs.docker.com/engine/extend/config/');
      return;
    case 'https://docs.docker.com/engine/extend/plugins_network/':
      void shell.openExternal('https://docs.docker.com/engine/extend/plugins_network/');
      return;
    case 'https://docs.docker.com/reference/cli/docker/plugin/':
      void shell.openExternal('https://docs.docker.com/reference/cli/docker/plugin/');
      return;
    case 'https://github.com/contiv/netplugin':
      void shell.openExternal('https://github.com/contiv/netplugin');
      return;
  }
}

function harden(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openListedLink(allowedExternal(url));
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (!isSameAppPage(event.url, APP_URL)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isSameAppPage(event.url, APP_URL)) event.preventDefault();
  });
}

function lockSession(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isAllowedPermission(permission, details.requestingUrl, APP_URL)));
  s.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isAllowedPermission(permission, details.requestingUrl ?? requestingOrigin, APP_URL),
  );
  s.setDevicePermissionHandler(() => false);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 500,
    title: 'Plugsmith',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      // A middle click would otherwise open links as new windows, bypassing setWindowOpenHandler's intent.
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadFile(RENDERER_INDEX);
  return win;
}

async function start(): Promise<void> {
  lockSession();
  services = await createServices({ watch: true });
  bindIpc(ipcMain, services, trustedSender(() => mainWindow?.webContents, APP_URL));
  mainWindow = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // One app per user: a second one would follow the engine twice and fight over settings.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow && services) mainWindow = createWindow();
  });
  app.on('will-quit', () => services?.close());
  app.whenReady().then(start).catch((err: unknown) => {
    console.error(err);
    app.exit(1);
  });
}
