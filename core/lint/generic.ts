// dockerfile-utils' generic validation, fed the Dockerfile we already parsed: its validator calls
// DockerfileParser.parse(text) itself, and parsing is most of its cost, so for the duration of the call that
// function answers with our parse of the same text. If the module layout ever changes, the patch simply has
// no effect and the text is parsed twice (slower, still correct).
//
// dockerfile-utils is a dependency, not an oracle: findings it gets wrong on files that podman builds are
// filtered or downgraded here (generic.ts is the one place that does it, README and docs/lint-precision.md say so).
import { DockerfileParser, From } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import type { Diagnostic } from 'vscode-languageserver-types';

type Parser = { parse(content: string): Dockerfile };

/**
 * The text as dockerfile-ast should read it: `<< 'EOF'` / `<<- EOF` (blank between `<<` and the word, accepted by
 * BuildKit and buildah) becomes `<<'EOF' ` so the parser sees a heredoc. Same length, same lines: every offset
 * and range of the parse still points into the original text. Here-strings (`<<<`) are left alone.
 */
export function parserText(text: string): string {
  if (!text.includes('<<')) return text;
  return text.replace(/(?<!<)(<<-?)([ \t]+)(["']?[A-Za-z_][A-Za-z0-9_]*["']?)/g, (_all, op: string, blank: string, word: string) => op + word + blank);
}

export function validateParsed(text: string, dockerfile: Dockerfile | undefined): Diagnostic[] {
  return adjust(text, validateRaw(parserText(text), dockerfile));
}

/** The codes dockerfile-utils reports wrongly on files that podman builds (see adjust). */
const INVALID_FROM_FLAG = 47;
const COPY_MULTI_SOURCE_DEST = 23;

/**
 * Drops or downgrades what dockerfile-utils gets wrong on Containerfiles that build:
 * - 47 "invalid from flag value" on `COPY --from=${ARG}`: the value is substituted at build time.
 * - 23 "destination must be a directory and end with a /" for several sources: Docker rejects it, but buildah
 *   (podman build, what bootc images are built with) copies into the destination as a directory; kept as info.
 */
function adjust(text: string, diagnostics: Diagnostic[]): Diagnostic[] {
  const lines = text.split('\n');
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const line = lines[d.range.start.line] ?? '';
    if (d.code === INVALID_FROM_FLAG && /--from=\S*\$/.test(line)) continue;
    if (d.code === COPY_MULTI_SOURCE_DEST && typeof d.message === 'string') {
      out.push({ ...d, severity: 3, message: `${d.message} (Docker refuses this; podman/buildah copy into the destination as a directory)` });
      continue;
    }
    out.push(d);
  }
  return out;
}

function validateRaw(text: string, dockerfile: Dockerfile | undefined): Diagnostic[] {
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
