/**
 * The part of Electron's API that main/ uses, declared for machines where the `electron`
 * package could not be installed (it is an optional dependency whose binary download fails
 * offline, and npm then removes the package with its typings). tsconfig.node.json maps
 * `electron` to the real typings first and to this file only as a fallback, so where Electron
 * is installed the code is checked against the real thing. Signatures here are copied from
 * Electron 41's electron.d.ts, narrowed to what we call.
 */

export interface Event {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

export interface WebFrameMain {
  readonly url: string;
  readonly origin: string;
}

export interface IpcMainInvokeEvent extends Event {
  readonly sender: WebContents;
  readonly senderFrame: WebFrameMain | null;
  readonly frameId: number;
  readonly processId: number;
}

export interface IpcRendererEvent extends Event {
  readonly sender: IpcRenderer;
}

export interface HandlerDetails {
  url: string;
  frameName: string;
  features: string;
  disposition: 'default' | 'foreground-tab' | 'background-tab' | 'new-window' | 'other';
}

export type WindowOpenHandlerResponse = { action: 'deny' } | { action: 'allow' };

export interface WebContents {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: Event, url: string) => void): this;
  on(event: 'will-attach-webview', listener: (event: Event) => void): this;
  on(event: 'did-finish-load', listener: () => void): this;
  on(
    event: 'render-process-gone',
    listener: (event: Event, details: { reason: string; exitCode: number }) => void,
  ): this;
  openDevTools(): void;
}

export interface WebPreferences {
  preload?: string;
  sandbox?: boolean;
  contextIsolation?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  webviewTag?: boolean;
  spellcheck?: boolean;
  devTools?: boolean;
  navigateOnDragDrop?: boolean;
}

export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  title?: string;
  backgroundColor?: string;
  autoHideMenuBar?: boolean;
  webPreferences?: WebPreferences;
}

export declare class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  static getAllWindows(): BrowserWindow[];
  readonly webContents: WebContents;
  loadURL(url: string): Promise<void>;
  loadFile(filePath: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  on(event: 'ready-to-show' | 'closed', listener: () => void): this;
  once(event: 'ready-to-show' | 'closed', listener: () => void): this;
}

export interface App {
  whenReady(): Promise<void>;
  quit(): void;
  exit(exitCode?: number): void;
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  getPath(name: 'home' | 'appData' | 'userData' | 'temp' | 'documents' | 'downloads' | 'logs'): string;
  readonly isPackaged: boolean;
  on(event: 'window-all-closed' | 'activate' | 'second-instance', listener: () => void): this;
  on(event: 'before-quit' | 'will-quit', listener: (event: Event) => void): this;
  on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): this;
}

export interface IpcMain {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown> | unknown,
  ): void;
  removeHandler(channel: string): void;
}

export interface IpcRenderer {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
}

export interface ContextBridge {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export interface OnHeadersReceivedListenerDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface HeadersReceivedResponse {
  cancel?: boolean;
  responseHeaders?: Record<string, string | string[]>;
}

export interface WebRequest {
  onHeadersReceived(
    listener:
      | ((details: OnHeadersReceivedListenerDetails, callback: (response: HeadersReceivedResponse) => void) => void)
      | null,
  ): void;
}

export interface Session {
  readonly webRequest: WebRequest;
  setPermissionRequestHandler(
    handler:
      ((webContents: WebContents, permission: string, callback: (permissionGranted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: WebContents | null, permission: string) => boolean) | null): void;
}

export interface Dialog {
  showErrorBox(title: string, content: string): void;
}

export interface Shell {
  openExternal(url: string): Promise<void>;
}

export interface MenuItemConstructorOptions {
  label?: string;
  accelerator?: string;
  role?: 'quit' | 'reload' | 'toggleDevTools' | 'togglefullscreen' | 'copy' | 'paste' | 'cut' | 'selectAll' | 'undo' | 'redo' | 'about';
  type?: 'normal' | 'separator' | 'submenu';
  submenu?: MenuItemConstructorOptions[];
  click?: () => void;
}

export declare class Menu {
  static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
  static setApplicationMenu(menu: Menu | null): void;
}

export declare const app: App;
export declare const ipcMain: IpcMain;
export declare const ipcRenderer: IpcRenderer;
export declare const contextBridge: ContextBridge;
export declare const session: { readonly defaultSession: Session };
export declare const dialog: Dialog;
export declare const shell: Shell;
