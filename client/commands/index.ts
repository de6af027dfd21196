// Every command of the extension, as a table of small factories. `trusted` commands run podman/libvirt: they are
// refused at run time in an untrusted workspace (their menus and palette entries are hidden there too).
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { requireTrust } from '../trust';
import { showError } from '../task';
import { diskCommands } from './disk';
import { lintCommands } from './lint';
import { podmanCommands } from './podman';
import { upCommands } from './up';
import { viewCommands } from './view';
import { vmCommands } from './vm';

export interface CommandSpec {
  id: string;
  title: string;
  trusted: boolean;
  factory: (ctx: Ctx) => (...args: any[]) => unknown;
}

export const commandTable: CommandSpec[] = [
  ...podmanCommands,
  ...diskCommands,
  ...vmCommands,
  ...upCommands,
  ...lintCommands,
  ...viewCommands,
];

export function registerCommands(ctx: Ctx): void {
  for (const spec of commandTable) {
    const handler = spec.factory(ctx);
    ctx.own(vscode.commands.registerCommand(`bootable.${spec.id}`, async (...args: unknown[]) => {
      try {
        if (spec.trusted) requireTrust(spec.title);
        return await handler(...args);
      } catch (err) {
        // Errors from long work are shown by runTask; this catches the rest (bad input, untrusted workspace).
        void showError(ctx.output, spec.title, err);
        return undefined;
      }
    }));
  }
}
