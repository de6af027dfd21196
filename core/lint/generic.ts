// dockerfile-utils' generic validation, fed the Dockerfile we already parsed: its validator calls
// DockerfileParser.parse(text) itself, and parsing is most of its cost, so for the duration of the call that
// function answers with our parse of the same text. If the module layout ever changes, the patch simply has
// no effect and the text is parsed twice (slower, still correct).
import { DockerfileParser, From } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import type { Diagnostic } from 'vscode-languageserver-types';

type Parser = { parse(content: string): Dockerfile };

export function validateParsed(text: string, dockerfile: Dockerfile | undefined): Diagnostic[] {
  const defused = dockerfile ? defuseStageNames(text, dockerfile) : undefined;
  if (defused) {
    // Rare path: validate the defused copy (parsed again by dockerfile-utils) and put the names back in messages.
    return validate(defused.text).map((d) => (typeof d.message === 'string' ? { ...d, message: restore(d.message, defused.names) } : d));
  }
  const parser = DockerfileParser as Parser;
  const original = parser.parse;
  if (!dockerfile || !Object.getOwnPropertyDescriptor(parser, 'parse')?.writable) return validate(text);
  parser.parse = (content: string) => (content === text ? dockerfile : original(content));
  try {
    return validate(text);
  } finally {
    parser.parse = original;
  }
}

const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/;

/**
 * dockerfile-utils checks `FROM image AS name` with /^[a-z]([a-z0-9_\-.]*)*$/, which backtracks exponentially
 * on a long name with an invalid character (a 30-character name froze the validator for minutes in our fuzzing).
 * Such a name is invalid anyway; changing its first letter to a digit makes that regex fail at once and keeps
 * every offset. Returns undefined when no FROM needs it (the normal case).
 */
function defuseStageNames(text: string, dockerfile: Dockerfile): { text: string; names: Map<string, string> } | undefined {
  let out: string | undefined;
  const names = new Map<string, string>();
  for (const instr of dockerfile.getInstructions()) {
    if (!(instr instanceof From)) continue;
    const args = instr.getArguments();
    if (args.length < 3) continue;
    const name = args[2].getValue().toLowerCase();
    if (!/^[a-z]/.test(name) || STAGE_NAME.test(name)) continue;
    const r = args[2].getRange();
    const lines = (out ?? text).split('\n');
    const line = lines[r.start.line];
    lines[r.start.line] = line.slice(0, r.start.character) + '0' + line.slice(r.start.character + 1);
    out = lines.join('\n');
    names.set('0' + name.slice(1), name);
  }
  return out === undefined ? undefined : { text: out, names };
}

function restore(message: string, names: Map<string, string>): string {
  for (const [changed, original] of names) message = message.split(changed).join(original);
  return message;
}
