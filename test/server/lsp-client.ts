// A small LSP client for the protocol tests: spawns the real bundled server (dist/server.cjs) and speaks
// JSON-RPC to it over stdio (or IPC). Tests await notifications (publishDiagnostics) with a deadline, never sleep.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const root = process.env.BOOTABLE_ROOT ?? join(import.meta.dirname, '../..');
export const serverPath = join(root, 'dist/server.cjs');

let built: Promise<void> | undefined;
/**
 * Builds dist/server.cjs once per test process, as scripts/build.mjs does for the server entry, but writes
 * each output to a temporary name and renames it into place: test files build concurrently, and a server
 * being spawned must never read a half-written bundle.
 */
export function buildServer(): Promise<void> {
  built ??= (async () => {
    const result = await build({
      entryPoints: [join(root, 'server/main.ts')], outfile: serverPath, bundle: true, platform: 'node',
      target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', write: false,
    });
    for (const file of result.outputFiles) {
      const tmp = `${file.path}.${process.pid}.tmp`;
      writeFileSync(tmp, file.contents);
      renameSync(tmp, file.path);
    }
  })();
  return built;
}

export const clientCapabilities: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, relatedInformation: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], deprecatedSupport: true } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
    foldingRange: { lineFoldingOnly: true },
  },
};

export interface StartOptions {
  transport?: 'stdio' | 'ipc';
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** The client's configuration, by section, served to workspace/configuration. */
  configuration?: Record<string, unknown>;
  /** How long to wait for any awaited notification or response. */
  timeoutMs?: number;
  /** Run the server with --enable-source-maps, so logged stacks name source files (server/… vs node_modules/…). */
  sourceMaps?: boolean;
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
}

interface Waiter { uri: string; match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  stderr = '';
  configuration: Record<string, unknown>;
  configurationRequests = 0;
  private waiters: Waiter[] = [];
  private exited: Promise<number | null>;

  private constructor(readonly proc: ChildProcess, readonly connection: ProtocolConnection, options: StartOptions) {
    this.configuration = options.configuration ?? {};
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.stderr?.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.match(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => { this.logs.push(p.message); });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      this.configurationRequests++;
      return p.items.map((item) => (item.section ? this.configuration[item.section] ?? null : this.configuration));
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    await buildServer();
    let proc: ChildProcess;
    let connection: ProtocolConnection;
    const execArgv = options.sourceMaps ? ['--enable-source-maps'] : [];
    const env = { ...process.env, ...options.env };
    if (options.transport === 'ipc') {
      proc = fork(serverPath, ['--node-ipc'], { execArgv, env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      connection = createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    } else {
      proc = spawn(process.execPath, [...execArgv, serverPath, '--stdio'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    }
    const client = new LspClient(proc, connection, options);
    client.timeoutMs = options.timeoutMs ?? 15_000;
    connection.listen();
    client.initializeResult = await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: options.capabilities ?? clientCapabilities,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  timeoutMs = 15_000;
  initializeResult: any;

  private deadline<T>(what: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${what} within ${this.timeoutMs} ms; server stderr:\n${this.stderr.slice(-2000)}`)), this.timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  request<R = any>(method: string, params: unknown): Promise<R> {
    return this.deadline(`answer to ${method}`, this.connection.sendRequest(method, params) as Promise<R>);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** The next publishDiagnostics for uri (after now) that matches; register BEFORE triggering the change. */
  nextDiagnostics(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const promise = new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.push({ uri, match, resolve }));
    return this.deadline(`publishDiagnostics for ${uri}`, promise);
  }

  async open(uri: string, text: string, languageId = 'dockerfile', version = 1): Promise<PublishDiagnosticsParams> {
    const next = this.nextDiagnostics(uri, (p) => p.version === version);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return next;
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams> {
    const next = this.nextDiagnostics(uri, (p) => p.version === version);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return next;
  }

  /** Replaces the client configuration and tells the server (it pulls the new values). */
  async setConfiguration(configuration: Record<string, unknown>, push = false): Promise<void> {
    this.configuration = configuration;
    await this.notify('workspace/didChangeConfiguration', { settings: push ? configuration : null });
  }

  /** shutdown + exit; resolves with the server's exit code. */
  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    await this.notify('exit', null);
    const code = await this.deadline('server exit', this.exited);
    this.connection.dispose();
    return code;
  }

  /** For after-hooks: make sure no server process outlives its test. */
  kill(): void {
    this.connection.dispose();
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }
}

/** Applies LSP TextEdits to a text (edits must not overlap; applied from the end so offsets stay valid). */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
