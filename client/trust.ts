// Commands that run podman or libvirt act on files of the workspace; in an untrusted workspace they are disabled
// by their `enablement` when-clause, and checked again here in case they are invoked programmatically.
import * as vscode from 'vscode';
import { UsageError } from '../core/errors';

export function requireTrust(what: string): void {
  if (!vscode.workspace.isTrusted) {
    throw new UsageError(`${what} is disabled in an untrusted workspace`, {
      hint: 'it runs podman/libvirt on files of this workspace; trust the workspace to use it (Manage Workspace Trust)',
    });
  }
}
