// Holds the current settings and keeps them fresh: initializationOptions first, then the client's
// `bootable` configuration section, pulled with workspace/configuration when the client supports it,
// else taken from didChangeConfiguration pushes. Listeners hear about real changes only.
import type { Connection, InitializeParams } from 'vscode-languageserver/node';
import { defaultSettings, parseSettings, type ServerSettings } from './settings';

/** A client that advertises workspace/configuration but never answers must not stall diagnostics. */
const pullTimeoutMs = 2000;

function sameSettings(a: ServerSettings, b: ServerSettings): boolean {
  const ids = new Set([...Object.keys(a.rules), ...Object.keys(b.rules)]);
  return a.enable === b.enable && a.bootc === b.bootc && a.diskConfig === b.diskConfig && [...ids].every((id) => a.rules[id] === b.rules[id]);
}

export class SettingsStore {
  current: ServerSettings = defaultSettings;
  /** Resolves once the first pull has answered (or timed out); lints wait for it so they use real settings. */
  ready: Promise<void> = Promise.resolve();
  wantsChangeRegistration = false;
  private canPull = false;
  private fromInitialization: ServerSettings = defaultSettings;
  private listeners: Array<() => void> = [];

  constructor(private readonly connection: Connection, private readonly log: (message: string) => void) {
    connection.onDidChangeConfiguration((params) => {
      if (this.canPull) this.refresh();
      else this.apply((params.settings as { bootable?: unknown } | null | undefined)?.bootable);
    });
  }

  initialize(params: InitializeParams): void {
    this.canPull = params.capabilities.workspace?.configuration === true;
    this.wantsChangeRegistration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const parsed = parseSettings(params.initializationOptions);
    this.report(parsed?.problems);
    this.fromInitialization = parsed?.settings ?? defaultSettings;
    this.current = this.fromInitialization;
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Pulls the `bootable` section again (no-op for clients that cannot be asked). */
  refresh(): void {
    if (!this.canPull) return;
    const answer = this.connection.workspace.getConfiguration('bootable').then(
      (section) => this.apply(section),
      (err) => this.log(`bootable: workspace/configuration failed: ${err}`),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.log(`bootable: no answer to workspace/configuration after ${pullTimeoutMs} ms; using the current settings`);
        resolve();
      }, pullTimeoutMs);
    });
    this.ready = Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
  }

  private apply(section: unknown): void {
    const parsed = parseSettings(section);
    this.report(parsed?.problems);
    const next = parsed?.settings ?? this.fromInitialization;
    if (sameSettings(next, this.current)) return;
    this.current = next;
    for (const listener of this.listeners) listener();
  }

  private report(problems: string[] | undefined): void {
    for (const problem of problems ?? []) this.log(`bootable: ignoring a setting: ${problem}`);
  }
}
