// What a failed build printed for its failing step: podman's last line ("exit status 127") rarely says why; the
// step's own output ("/bin/sh: 1: dnf: not found") does. The client keeps the lines since the last STEP line and
// shows the last few in the diagnostic and the notification.
import { parseStepLine } from '../core/podman/steps';

/** How many of the failing step's last non-empty output lines a diagnostic and a notification show. */
export const tailLines = 5;

/**
 * Whether a progress message only repeats the build's own STEP line just printed (the Output channel showed every
 * STEP twice: podman's "STEP 2/5: RUN …" and the progress "[2/5] RUN …").
 */
export function repeatsStepLine(message: string, lastLine: string | undefined): boolean {
  const step = lastLine === undefined ? undefined : parseStepLine(lastLine);
  return step !== undefined && (message === step.instruction || message.endsWith(`: ${step.instruction}`));
}

export class StepOutput {
  private lines: string[] = [];

  /** Every output line of the build, in order. */
  push(line: string): void {
    if (parseStepLine(line)) {
      this.lines = [];
      return;
    }
    // podman's own summary ("Error: building at STEP …") is the error message already.
    if (/^Error: /.test(line) || line.trim() === '') return;
    this.lines.push(line);
    if (this.lines.length > tailLines) this.lines.shift();
  }

  /** The last ≤ 5 non-empty lines of the current step's output. */
  tail(): string[] {
    return [...this.lines];
  }
}
