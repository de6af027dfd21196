// Image context-menu commands: Remove Image, Copy Image Name, Inspect Image (Run and Create Disk Image are the
// podman and disk modules'). They act on a tag node from the Images view, a reference, or a quick pick.
import * as vscode from 'vscode';
import { podmanArgv } from '../../core/podman/args';
import { runPodman } from '../../core/podman/exec';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { pickImage } from '../pick';
import { plainText } from '../plain-text';
import { runTask } from '../task';
import type { CommandFactory } from './index';

export const factories: Record<string, CommandFactory> = {
  removeImage: (ctx: Ctx) => async (arg?: unknown, opts?: { confirmed?: boolean }) => {
      const ref = await pickImage(arg);
      if (!ref) return undefined;
      if (!opts?.confirmed) {
        const answer = await vscode.window.showWarningMessage(plainText(`Remove image ${ref}?`),
          { modal: true, detail: 'Only this name is removed when the image has others; containers using it are not touched.' }, 'Remove');
        if (answer !== 'Remove') return undefined;
      }
      const target = { connection: readConfig().podman.connection };
      const outcome = await runTask(ctx.output, `Remove ${ref}`, (io) => runPodman(podmanArgv(target, 'rmi', ref), { signal: io.signal }));
      ctx.refresh('images');
      return outcome.ok ? ref : undefined;
    },
  copyImageName: () => async (arg?: unknown) => {
      const ref = await pickImage(arg);
      if (!ref) return undefined;
      await vscode.env.clipboard.writeText(ref);
      void vscode.window.setStatusBarMessage(plainText(`Copied ${ref}`), 3000);
      return ref;
    },
  inspectImage: (ctx: Ctx) => async (arg?: unknown) => {
      const ref = await pickImage(arg);
      if (!ref) return undefined;
      const target = { connection: readConfig().podman.connection };
      const outcome = await runTask(ctx.output, `Inspect ${ref}`, (io) => runPodman(podmanArgv(target, 'image', 'inspect', ref), { signal: io.signal }));
      if (!outcome.value) return undefined;
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: outcome.value.stdout });
      await vscode.window.showTextDocument(doc, { preview: true });
      return doc;
    },
};
