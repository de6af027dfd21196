// Typed view of the `bootable.*` settings, read through the option descriptors of the module each belongs to
// (core/settings.ts lists them): the same names, defaults and validator as the CLI's flags. Paths are resolved
// against the workspace folder here. A value that does not validate (settings are untrusted) falls back to the
// module's default. None of these need a restart: every command reads them afresh.
import * as vscode from 'vscode';
import type { OptionValues } from '../core/options';
import { readSettings, settingGroups } from '../core/settings';

type Groups = typeof settingGroups;

/** Each module's settings as that module's own input fields: pass `config.vm` to bootDisk, `config.disk` to buildDisk. */
export type Config = { [G in keyof Groups]: OptionValues<Groups[G]> } & {
  /** Always set: where disk images go (absolute). */
  disk: { output: string };
};

/** The folder settings and relative paths refer to: the given resource's folder, else the first one. */
export function baseFolder(resource?: vscode.Uri): string {
  const folder = (resource && vscode.workspace.getWorkspaceFolder(resource)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath ?? process.cwd();
}

export function readConfig(resource?: vscode.Uri): Config {
  const c = vscode.workspace.getConfiguration('bootable', resource);
  const base = baseFolder(resource);
  const get = (key: string) => c.get<unknown>(key);
  const disk = readSettings(get, settingGroups.disk, base);
  const { output } = settingGroups.disk;
  return {
    podman: readSettings(get, settingGroups.podman, base),
    disk: { ...disk, output: disk.output ?? output.parse(output.default!, base) },
    vm: readSettings(get, settingGroups.vm, base),
  };
}
