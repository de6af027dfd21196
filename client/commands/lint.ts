// Lint Image: bootc's image-level checks on the built image's filesystem, each finding shown on the Containerfile
// line whose layer added the path (base-image findings on FROM). Also run after every successful Build Image.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { lintImage } from '../../core/lint/image/lint';
import type { Finding, RuleSettings } from '../../core/lint/types';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { toDiagnostic } from '../diagnostics';
import { defaultImageTag as defaultTag } from '../../core/names';
import { pickImage } from '../pick';
import { plainText } from '../plain-text';
import { runTask } from '../task';
import type { CommandFactory } from './index';

/** The workspace Containerfile whose default tag is this image, if any (to map findings to its lines). */
async function containerfileFor(image: string): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles('**/{Containerfile,Dockerfile,*.containerfile,Containerfile.*,Dockerfile.*}', '**/node_modules/**', 200);
  return files.find((f) => defaultTag(f.fsPath) === image);
}

export async function checkImage(ctx: Ctx, image: string, containerfile?: vscode.Uri): Promise<Finding[] | undefined> {
  const config = readConfig(containerfile);
  const settings = vscode.workspace.getConfiguration('bootable', containerfile).get<RuleSettings>('lint.rules', {});
  const outcome = await runTask(ctx.output, `Check image ${image}`, (io) =>
    lintImage(image, { containerfile: containerfile?.fsPath, settings, connection: config.podman.connection, signal: io.signal }));
  const findings = outcome.value;
  if (!findings) return undefined;
  for (const f of findings) {
    const where = containerfile ? `${path.basename(containerfile.fsPath)}:${f.range.start.line + 1}` : image;
    ctx.output.appendLine(`${where} ${f.severity} ${f.ruleId} ${f.message}`);
  }
  if (containerfile) ctx.buildDiagnostics.set(containerfile, findings.map((f) => toDiagnostic(f, ctx.extension.extensionUri)));
  return findings;
}

export const factories: Record<string, CommandFactory> = {
  lintImage: (ctx: Ctx) => async (arg?: unknown, containerfile?: unknown) => {
      const image = await pickImage(arg);
      if (!image) return undefined;
      // (From a view menu the second argument is the selection, not a Containerfile.)
      const file = containerfile instanceof vscode.Uri ? containerfile : await containerfileFor(image);
      const findings = await checkImage(ctx, image, file);
      if (!findings) return undefined;
      const errors = findings.filter((f) => f.severity === 'error').length;
      const text = findings.length === 0 ? `${image}: no bootc problems found.`
        : `${image}: ${findings.length} finding(s), ${errors} error(s)${file ? ' (see the Problems panel)' : ' (see the bootable output)'}.`;
      void vscode.window.showInformationMessage(plainText(text));
      return findings;
    },
};
