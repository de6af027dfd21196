// Before long work starts, the checks of `bootable doctor` that this work needs (core/doctor/checks.ts): a machine
// without libvirt, podman storage or subordinate ids then says so in seconds, with the fix, instead of failing
// minutes into Build and Boot. A passing result is kept for the window's life, per set of inputs (the libvirt URI
// setting); a failing one is checked again next time. Warnings (no KVM) never stop anything.
import * as vscode from 'vscode';
import { formatReport, runDoctor, type DoctorReport, type Need } from '../core/doctor/checks';
import { readConfig } from './config';
import { plainText } from './plain-text';

const passed = new Set<string>();

/** The doctor's report when a check the work needs failed (none when it may start), and the key of these inputs. */
export async function preflightFailures(needs: Need[]): Promise<{ report?: DoctorReport; key: string }> {
  const libvirtUri = readConfig().vm.uri || undefined;
  const key = JSON.stringify({ needs: [...needs].sort(), libvirtUri });
  if (passed.has(key)) return { key };
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'bootable: checking this machine' },
    () => runDoctor({ only: needs, libvirtUri }));
  if (!report.results.some((r) => r.status === 'fail')) {
    passed.add(key);
    return { key };
  }
  return { report, key };
}

/**
 * True when the command may go on. On a failure: an error notification naming the failed checks, with *Open Report*
 * (the whole report, with the commands that fix each) and *Run Anyway* (runs `again`, these inputs not checked again).
 */
export async function preflight(title: string, needs: Need[], again: () => unknown): Promise<boolean> {
  const { report, key } = await preflightFailures(needs);
  if (!report) return true;
  const failed = report.results.filter((r) => r.status === 'fail');
  void vscode.window.showErrorMessage(
    plainText(`${title}: this machine is not ready: ${failed.map((f) => `${f.title}: ${f.detail}`).join('; ')}`),
    'Open Report', 'Run Anyway',
  ).then(async (choice) => {
    if (choice === 'Open Report') {
      const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: formatReport(report) });
      await vscode.window.showTextDocument(doc, { preview: true });
    } else if (choice === 'Run Anyway') {
      passed.add(key);
      await again();
    }
  });
  return false;
}
