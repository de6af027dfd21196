// Run and Disk from the CodeLens act on the tag Build gives. Before the first build there is no such image: instead
// of podman's raw "image not known" after seconds of work, say so and offer to build first.
import * as vscode from 'vscode';
import { podmanArgv } from '../core/podman/args';
import { runPodman } from '../core/podman/exec';
import { readConfig } from './config';
import { plainText } from './plain-text';

export interface FromContainerfile { containerfile?: vscode.Uri }

/** True when the image exists; else asks "Build first?" and builds on request (true once built). */
export async function ensureBuilt(image: string, from: FromContainerfile | undefined, then: string): Promise<boolean> {
  if (!(from?.containerfile instanceof vscode.Uri)) return true; // a picked or given image: podman will say
  const target = { connection: readConfig(from.containerfile).podman.connection };
  const exists = await runPodman(podmanArgv(target, 'image', 'exists', image), { okExitCodes: [0, 1] });
  if (exists.exitCode === 0) return true;
  const build = `Build and ${then}`;
  const choice = await vscode.window.showInformationMessage(
    plainText(`${image} is not built yet: ${then.toLowerCase()} needs the image Build gives.`), build, 'Build Only');
  if (!choice) return false;
  const built = await vscode.commands.executeCommand('bootable.buildImage', from.containerfile, { tag: image });
  return choice === build && built !== undefined;
}
