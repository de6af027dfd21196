// The local images podman has that are labelled bootc (containers.bootc=1 or ostree.bootable=1): a Containerfile
// FROM one of them is bootc whatever its name. Asked in the background (trusted workspaces only: it runs podman)
// at activation and after each build, shared with the CodeLens here and with the language server by notification.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { podmanArgv } from '../core/podman/args';
import { runPodman } from '../core/podman/exec';
import { readConfig } from './config';

let known: string[] = [];
const changed = new vscode.EventEmitter<void>();
/** Fires when the list of bootc-labelled local images changes. */
export const onDidChangeBootcImages = changed.event;

export function bootcImages(): readonly string[] {
  return known;
}

async function labelled(label: string): Promise<string[]> {
  const target = { connection: readConfig().podman.connection };
  const r = await runPodman(podmanArgv(target, 'images', '--filter', `label=${label}`, '--format', '{{.Repository}}:{{.Tag}}'));
  return r.stdout.split('\n').map((l) => l.trim()).filter((l) => l && !l.includes('<none>'));
}

/** Asks podman again; tells the server and fires onDidChangeBootcImages when the list differs. Never throws. */
export async function refreshBootcImages(client: LanguageClient | undefined): Promise<void> {
  if (!vscode.workspace.isTrusted) return;
  try {
    const images = [...new Set([...(await labelled('containers.bootc=1')), ...(await labelled('ostree.bootable=1'))])].sort();
    if (images.join('\n') === known.join('\n')) return;
    known = images;
    changed.fire();
    await client?.sendNotification('bootable/bootcImages', { images });
  } catch {
    // No podman, or no access: names and markers still decide (podman missing is reported by the commands).
  }
}
