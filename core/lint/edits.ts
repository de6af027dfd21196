// Text edits that several quick fixes need: remove a shell command from a RUN, append an instruction.
import type { ContainerfileContext, RunInfo } from './containerfile';
import type { ShellCommand } from './shell';
import type { TextEdit } from './types';

/** Removes `cmd` from its RUN together with the `&&`/`;` that joins it; the whole RUN when it is alone. */
export function removeCommand(ctx: ContainerfileContext, run: RunInfo, cmd: ShellCommand): TextEdit | undefined {
  if (cmd.nested || run.execForm) return undefined;
  const k = run.commands.indexOf(cmd);
  const next = run.commands[k + 1];
  const prev = run.commands[k - 1];
  if (next && cmd.after && (cmd.after.op === '&&' || cmd.after.op === ';')) {
    return { range: ctx.index.range(cmd.start, next.start), newText: '' };
  }
  if (prev && cmd.before && (cmd.before.op === '&&' || cmd.before.op === ';') && !cmd.after) {
    return { range: ctx.index.range(prev.end, cmd.end), newText: '' };
  }
  if (!prev && !next) return removeInstruction(ctx, run.instruction);
  return undefined;
}

export function removeInstruction(ctx: ContainerfileContext, instr: { getRange(): import('./types').Range }): TextEdit {
  const r = instr.getRange();
  const start = ctx.index.lineStart(r.start.line);
  const end = r.end.line + 1 < ctx.index.lineCount ? ctx.index.lineStart(r.end.line + 1) : ctx.index.lineEnd(r.end.line);
  return { range: ctx.index.range(start, end), newText: '' };
}

/** Appends a line at the end of the file (after a line break if the file lacks a final one). */
export function appendLine(ctx: ContainerfileContext, line: string): TextEdit {
  const end = ctx.text.length;
  const eol = ctx.index.eol;
  const needsBreak = end > 0 && !ctx.text.endsWith('\n');
  return { range: ctx.index.range(end, end), newText: (needsBreak ? eol : '') + line + eol };
}

/** Inserts a line after an instruction. */
export function insertAfter(ctx: ContainerfileContext, instr: { getRange(): import('./types').Range }, line: string): TextEdit {
  const r = instr.getRange();
  const at = ctx.index.lineEnd(r.end.line);
  return { range: ctx.index.range(at, at), newText: ctx.index.eol + line };
}

/** A shell-safe single-quoted string, or undefined when the text contains a quote. */
export function singleQuoted(s: string): string | undefined {
  return s.includes("'") ? undefined : `'${s}'`;
}
