// Starts the bootable language server (dist/server.cjs) over IPC for Containerfiles and bootc TOML files.
// The server reads `bootable.lint.*` itself through workspace/configuration; the client only forwards changes.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

function diskConfigFilter(): { scheme: string; pattern: string }[] {
  const setting = vscode.workspace.getConfiguration('bootable').get<string>('disk.config');
  const name = setting?.split(/[\\/]/).pop();
  return name && /^[^*?{}[\]]+\.(toml|json)$/i.test(name) ? [{ scheme: 'file', pattern: `**/${name}` }] : [];
}

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6029'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'dockerfile' },
      { language: 'bootc-toml' },
      // Disk-builder configs (the server decides from name and content, and ignores other config.json files), and
      // the file the bootable.disk.config setting names when the server starts.
      { scheme: 'file', pattern: '**/{config.toml,config.json,*.bib.toml,*.bib.json}' },
      ...diskConfigFilter(),
    ],
    synchronize: { configurationSection: 'bootable' },
  };
  return new LanguageClient('bootable', 'bootable language server', serverOptions, clientOptions);
}
