// Build Image, Run as Container, Stop Container, Show Container Logs, Open Shell in Container.
import * as vscode from 'vscode';
import { podmanArgv } from '../../core/podman/args';
import { buildImage, PodmanBuildError, type BuildResult } from '../../core/podman/build';
import { runContainer, stopContainer } from '../../core/podman/run';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { defaultImageTag as defaultTag } from '../../core/names';
import { pickContainer, pickContainerfile, pickImage } from '../pick';
import { plainText } from '../plain-text';
import { runTask, showError } from '../task';
import { StepOutput } from '../build-output';
import { isBootcFile } from '../bootc-editor';
import { refreshBootcImages } from '../bootc-images';
import { ensureBuilt, type FromContainerfile } from '../not-built';
import { checkImage } from './lint';
import type { CommandFactory } from './index';

export interface BuildArgs { tag?: string }

/** Builds a Containerfile; a failing instruction gets a diagnostic on its line. Returns undefined if not built. */
export async function buildContainerfile(ctx: Ctx, uri: vscode.Uri, args: BuildArgs = {}): Promise<BuildResult | undefined> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc?.isDirty) await doc.save();
  const config = readConfig(uri);
  const tag = args.tag ?? defaultTag(uri.fsPath);
  ctx.buildDiagnostics.delete(uri);
  const output = new StepOutput();
  const title = `Build ${tag}`;
  const outcome = await runTask(ctx.output, title, (io) =>
    buildImage({ containerfile: uri.fsPath, tag, connection: config.podman.connection },
      { signal: io.signal, progress: io.progress, onLine: (line) => { output.push(line); io.log(line); } }),
    (e) => e instanceof PodmanBuildError);
  if (outcome.error instanceof PodmanBuildError) showBuildFailure(ctx, uri, title, outcome.error, output.tail());
  ctx.refresh('images');
  if (outcome.ok) void refreshBootcImages(ctx.client); // the new image may be one a Containerfile starts FROM
  return outcome.value;
}

/**
 * A failed build: the failing instruction's line gets a diagnostic with podman's message and the last lines of the
 * step's output (until the line is edited or the next build), and a notification says the same.
 */
export function showBuildFailure(ctx: Ctx, uri: vscode.Uri, title: string, error: PodmanBuildError, tail: string[]): void {
  const why = tail.length ? `\n${tail.join('\n')}` : '';
  if (error.range) {
    const { start, end } = error.range;
    const d = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character),
      `build failed: ${error.podmanMessage}${why}`, vscode.DiagnosticSeverity.Error);
    d.source = 'bootable';
    d.code = 'build-failed';
    ctx.buildDiagnostics.set(uri, [d]);
  }
  const line = error.range ? ` at line ${error.range.start.line + 1}` : '';
  void showError(ctx.output, title, error, `failed${line}: ${tail.length ? tail.join(' ⏎ ') : error.podmanMessage}`);
}

function terminal(name: string, argv: string[]): void {
  vscode.window.createTerminal({ name, shellPath: argv[0], shellArgs: argv.slice(1) }).show();
}

export const factories: Record<string, CommandFactory> = {
  buildImage: (ctx: Ctx) => async (arg?: unknown, options?: BuildArgs | unknown[]) => {
      const uri = await pickContainerfile(arg);
      if (!uri) return undefined;
      const built = await buildContainerfile(ctx, uri, options && !Array.isArray(options) ? options : {}); // menus pass the selection here
      if (!built) return undefined;
      // bootc's image-level checks, shown on the lines whose layers caused them (bootc Containerfiles only).
      if (!(await isBootcFile(uri))) {
        void vscode.window.showInformationMessage(plainText(`Built ${built.image}.`));
        return built;
      }
      const findings = await checkImage(ctx, built.image, uri);
      const problems = findings?.length ? ` ${findings.length} bootc finding(s) on the image (see the Problems panel).` : '';
      void vscode.window.showInformationMessage(plainText(`Built ${built.image}.${problems}`));
      return built;
    },
  runContainer: (ctx: Ctx) => async (arg?: unknown, from?: FromContainerfile | unknown[]) => {
      const image = await pickImage(arg);
      if (!image) return undefined;
      if (!(await ensureBuilt(image, Array.isArray(from) ? undefined : from, 'Run'))) return undefined;
      const config = readConfig();
      const outcome = await runTask(ctx.output, `Run ${image}`, (io) =>
        runContainer({ image, connection: config.podman.connection }, { signal: io.signal, progress: io.progress, onLine: io.log }));
      ctx.refresh('containers');
      const result = outcome.value;
      if (!result) return undefined;
      const ports = result.ports.map((p) => `localhost:${p.host}→${p.guest}`).join(', ');
      const text = `${result.name} is up (systemd: ${result.state})${ports ? `, ports ${ports}` : ''}`
        + (result.failedUnits.length ? `. Failed units: ${result.failedUnits.join(', ')}` : '.');
      const open = result.ports.length ? 'Open in Browser' : undefined;
      const buttons = [...(open ? [open] : []), 'Stop'];
      const shown = result.failedUnits.length
        ? vscode.window.showWarningMessage(plainText(text), ...buttons) : vscode.window.showInformationMessage(plainText(text), ...buttons);
      void shown.then((choice) => {
        if (choice === open) void vscode.env.openExternal(vscode.Uri.parse(`http://localhost:${result.ports[0].host}/`));
        if (choice === 'Stop') void vscode.commands.executeCommand('bootable.stopContainer', result.name);
      });
      return result;
    },
  stopContainer: (ctx: Ctx) => async (arg?: unknown) => {
      const name = await pickContainer(arg, true);
      if (!name) return;
      const config = readConfig();
      await runTask(ctx.output, `Stop ${name}`, () => stopContainer(name, { connection: config.podman.connection }));
      ctx.refresh('containers');
    },
  containerLogs: (ctx: Ctx) => async (arg?: unknown) => {
      const name = await pickContainer(arg, false);
      if (name) terminal(`logs: ${name}`, podmanArgv({ connection: readConfig().podman.connection }, 'logs', '-f', name));
    },
  containerShell: (ctx: Ctx) => async (arg?: unknown) => {
      const name = await pickContainer(arg, true);
      if (name) terminal(`shell: ${name}`, podmanArgv({ connection: readConfig().podman.connection }, 'exec', '-it', name, '/bin/bash'));
    },
};
