// Starts the bootable language server (dist/server.cjs) over IPC for Containerfiles and bootc TOML files.
// The server reads `bootable.lint.*` itself through workspace/configuration; the client only forwards changes.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

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
    ],
    synchronize: { configurationSection: 'bootable' },
  };
  return new LanguageClient('bootable', 'bootable language server', serverOptions, clientOptions);
}
