// "Build · Run · Disk · Boot" above the final stage's FROM line of a bootc Containerfile (trusted workspaces only;
// an ordinary Dockerfile gets none). Run and Disk act on the tag Build gives (localhost/bootable/<dir>:latest);
// Boot is the whole Build and Boot chain.
import * as vscode from 'vscode';
import { defaultImageTag as defaultTag } from '../core/names';
import { isBootcDocument, registerBootcContext } from './bootc-editor';

/** 0-based line of the last FROM instruction (the stage that becomes the OS), or undefined. */
export function finalFromLine(text: string): number | undefined {
  let found: number | undefined;
  let continued = false;
  text.split(/\r?\n/).forEach((line, i) => {
    if (!continued && /^\s*FROM\s/i.test(line)) found = i;
    continued = /\\\s*$/.test(line) && !/^\s*#/.test(line);
  });
  return found;
}

export class FromCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted || doc.uri.scheme !== 'file' || !isBootcDocument(doc)) return [];
    const line = finalFromLine(doc.getText());
    if (line === undefined) return [];
    const range = new vscode.Range(line, 0, line, 0);
    const tag = defaultTag(doc.uri.fsPath);
    return [
      new vscode.CodeLens(range, { title: 'Build', tooltip: `Build ${tag} with podman`, command: 'bootable.buildImage', arguments: [doc.uri] }),
      new vscode.CodeLens(range, { title: 'Run', tooltip: `Run ${tag} as a container with /sbin/init`, command: 'bootable.runContainer', arguments: [tag, { containerfile: doc.uri }] }),
      new vscode.CodeLens(range, { title: 'Disk', tooltip: `Make a ${vscode.workspace.getConfiguration('bootable').get('disk.type', 'qcow2')} disk of ${tag}`, command: 'bootable.buildDisk', arguments: [tag, { containerfile: doc.uri }] }),
      new vscode.CodeLens(range, { title: 'Boot', tooltip: 'Build and Boot: lint, build, test-run, disk, boot', command: 'bootable.up', arguments: [doc.uri] }),
    ];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerCodeLens(ctx: { own<T extends vscode.Disposable>(d: T): T }): FromCodeLensProvider {
  const provider = ctx.own(new FromCodeLensProvider());
  ctx.own(vscode.languages.registerCodeLensProvider({ language: 'dockerfile', scheme: 'file' }, provider));
  ctx.own(vscode.workspace.onDidGrantWorkspaceTrust(() => provider.refresh()));
  registerBootcContext(ctx, () => provider.refresh());
  return provider;
}
