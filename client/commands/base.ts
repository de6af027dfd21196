// Build the Local Base Image: `bootable base` from the editor, with its progress and Cancel. The walkthrough and
// the examples build FROM localhost/bootable/debian-bootc:12, which nothing else creates (the Containerfile's
// CodeLens offers this command while that image is missing).
import * as vscode from 'vscode';
import { buildBaseImage } from '../../core/base/build';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { baseImageChanged } from '../codeLens';
import { plainText } from '../plain-text';
import { runTask } from '../task';
import type { CommandFactory } from './index';

export const factories: Record<string, CommandFactory> = {
  buildBase: (ctx: Ctx) => async () => {
      const { connection } = readConfig().podman;
      const outcome = await runTask(ctx.output, 'Build the local base image', (io) =>
        buildBaseImage({ connection }, { signal: io.signal, progress: io.progress, onLine: io.log }));
      baseImageChanged();
      ctx.refresh('images');
      const result = outcome.value;
      if (!result) return undefined;
      void vscode.window.showInformationMessage(plainText(result.built
        ? `Built ${result.image} in ${Math.round(result.durationMs / 1000)} s.`
        : `${result.image} is up to date.`));
      return result;
    },
};
