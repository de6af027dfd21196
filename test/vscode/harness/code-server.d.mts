import type { VsCodeTools } from './tools.mjs';
export interface CodeServer {
  port: number; authority: string; dir: string; logPath: string;
  remote(path: string): string;
  stop(keep?: boolean): Promise<void>;
}
export function startCodeServer(opts: { tools: VsCodeTools; settings?: object; env?: Record<string, string>; trusted?: boolean }): Promise<CodeServer>;
export function workbenchUrl(server: CodeServer, opts: { folder: string; extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
