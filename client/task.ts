// Long work from the editor: a progress notification with Cancel whose CancellationToken becomes the AbortSignal
// core expects, core's ProgressEvents shown as "step N/M: message", every line of output in the "bootable"
// channel, and failures shown with their hint and a "Show Log" button. Cancelling is not an error.
import * as vscode from 'vscode';
import { BootableError, isCancelled } from '../core/errors';
import type { ProgressEvent, ProgressReporter } from '../core/progress';
import { repeatsStepLine } from './build-output';
import { plainText } from './plain-text';

export interface TaskIo {
  signal: AbortSignal;
  progress: ProgressReporter;
  /** One line of tool output (podman, builder, virsh) for the output channel. */
  log: (line: string) => void;
}

export interface TaskOutcome<T> {
  ok: boolean;
  value?: T;
  cancelled?: boolean;
  error?: unknown;
}

/** Turns a VS Code CancellationToken into an AbortSignal (and stops listening when the work ends). */
export function abortSignalFor(token: vscode.CancellationToken): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const sub = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => sub.dispose() };
}

/** What the notification shows for a core progress event, and how far the bar moves. */
export function describeProgress(event: ProgressEvent, lastFraction: number): { message: string; increment?: number } {
  const message = `${event.step}/${event.of} ${event.message}`;
  const fraction = event.fraction ?? (event.of > 0 ? (event.step - 1) / event.of : undefined);
  if (fraction === undefined || fraction * 100 <= lastFraction) return { message };
  return { message, increment: fraction * 100 - lastFraction };
}

export async function runTask<T>(
  output: vscode.OutputChannel,
  title: string,
  work: (io: TaskIo) => Promise<T>,
  /** Errors the caller shows its own way (no error notification from here). */
  handled: (error: unknown) => boolean = () => false,
): Promise<TaskOutcome<T>> {
  output.appendLine(`── ${title} (${new Date().toLocaleTimeString()})`);
  try {
    const value = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        const { signal, dispose } = abortSignalFor(token);
        let done = 0;
        let lastLogged = '';
        let lastLine: string | undefined;
        const io: TaskIo = {
          signal,
          log: (line) => { lastLine = line; output.appendLine(line); },
          progress: (event) => {
            // The notification shows every event; the log only changes of step (waits report every second), and
            // not a build step whose STEP line podman just printed.
            const key = `${event.step}/${event.of} ${event.id}`;
            if (key !== lastLogged && !repeatsStepLine(event.message, lastLine)) output.appendLine(`[${event.step}/${event.of}] ${event.message}`);
            lastLogged = key;
            const shown = describeProgress(event, done);
            if (shown.increment !== undefined) done += shown.increment;
            progress.report(shown);
          },
        };
        try {
          return await work(io);
        } finally {
          dispose();
        }
      },
    );
    output.appendLine(`── ${title}: done`);
    return { ok: true, value };
  } catch (error) {
    if (isCancelled(error)) {
      output.appendLine(`── ${title}: cancelled`);
      void vscode.window.showInformationMessage(plainText(`${title}: cancelled.`));
      return { ok: false, cancelled: true, error };
    }
    output.appendLine(`── ${title}: failed: ${errorText(error)}`);
    if (!handled(error)) void showError(output, title, error);
    return { ok: false, error };
  }
}

export function errorText(error: unknown): string {
  if (error instanceof BootableError) return error.hint ? `${error.message} (${error.hint})` : error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * An error notification with the hint, and a button to the log (the core's log file, else the output channel).
 * `what` replaces the usual "failed: <error text>" when the caller knows better (a build's failing step output).
 */
export async function showError(output: vscode.OutputChannel, title: string, error: unknown, what = `failed: ${errorText(error)}`): Promise<void> {
  const logPath = error instanceof BootableError ? error.logPath : undefined;
  const choice = await vscode.window.showErrorMessage(plainText(`${title} ${what}`), 'Show Log');
  if (choice !== 'Show Log') return;
  if (logPath) await vscode.window.showTextDocument(vscode.Uri.file(logPath), { preview: true });
  else output.show(true);
}
