// How the CLI shows ProgressEvents: a redrawn bar on a terminal, one plain line per step otherwise (CI logs),
// or one JSON object per line (`--json`) for tools. Shared by every long command.
import type { ProgressEvent, ProgressReporter } from '../progress';
import type { CliIo } from './command';

export type ProgressStyle = 'auto' | 'bar' | 'lines' | 'json';

interface Out { write(s: string): unknown; isTTY?: boolean; columns?: number }

export function progressBarLine(e: ProgressEvent, width = 80): string {
  const pct = Math.round((e.fraction ?? 0) * 100);
  const barWidth = Math.max(10, Math.min(30, width - 40));
  const filled = Math.round(((e.fraction ?? 0) * barWidth));
  const bar = '#'.repeat(filled) + '-'.repeat(barWidth - filled);
  const head = `[${bar}] ${String(pct).padStart(3)}% ${e.step}/${e.of} `;
  const room = Math.max(0, width - head.length - 1);
  return head + (e.message.length > room ? e.message.slice(0, Math.max(0, room - 1)) + '…' : e.message);
}

export function progressPlainLine(e: ProgressEvent): string {
  const pct = e.fraction === undefined ? '' : ` (${Math.round(e.fraction * 100)}%)`;
  return `[${e.step}/${e.of}] ${e.message}${pct}`;
}

export function progressJsonLine(e: ProgressEvent): string {
  return JSON.stringify({ type: 'progress', ...e });
}

/**
 * A reporter writing to `out`. `finish()` ends a bar line so the next output starts on a fresh line.
 * JSON goes to `out` as given (callers pass stdout for --json, so it can be piped).
 */
export function createProgressDisplay(out: Out, style: ProgressStyle = 'auto'): { report: ProgressReporter; finish(): void } {
  const resolved = style === 'auto' ? (out.isTTY ? 'bar' : 'lines') : style;
  let barShown = false;
  let last = '';
  const report: ProgressReporter = (e) => {
    if (resolved === 'json') { out.write(progressJsonLine(e) + '\n'); return; }
    if (resolved === 'bar') {
      out.write('\r\x1b[2K' + progressBarLine(e, out.columns ?? 80));
      barShown = true;
      return;
    }
    const line = progressPlainLine(e);
    if (line !== last) out.write(line + '\n');
    last = line;
  };
  return {
    report,
    finish() { if (barShown) { out.write('\n'); barShown = false; } },
  };
}

/** The display for a long command: JSON lines on stdout with --json, else a bar (or lines) on stderr. */
export function progressFor(io: CliIo, json: boolean): { report: ProgressReporter; finish(): void } {
  return createProgressDisplay(json ? io.stdout : io.stderr, json ? 'json' : 'auto');
}

/** Progress as one line per event on stderr ("[2/3] message"); for base, build and run. */
export function progressLines(io: CliIo): ProgressReporter {
  let last = '';
  return (e) => {
    const line = `[${e.step}/${e.of}] ${e.message}`;
    if (line !== last) io.stderr.write(line + '\n');
    last = line;
  };
}
