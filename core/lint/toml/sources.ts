// Finds the bootc TOML drop-ins a Containerfile puts into the image (COPY from the build context, COPY heredocs,
// `cat <<EOF > …` / `echo … >` in RUN) and validates their content, for rules kargs-toml and install-config.
import { copyTarget, type ContainerfileContext } from '../containerfile';
import { finding, persistentWrites } from '../shell-commands';
import { bootcTomlKind } from './lint';
import type { TomlProblem } from './problems';
import type { RuleFinding } from '../types';
import { isUnder } from '../vars';

export function checkTomlSources(ctx: ContainerfileContext, kind: 'kargs' | 'install', dir: string,
  validate: (text: string) => TomlProblem[]): RuleFinding[] {
  const out: RuleFinding[] = [];
  const report = (w: { start: number; end: number }, what: string, problems: TomlProblem[]) => {
    for (const p of problems) out.push(finding(ctx, w, `${what}${p.line ? `:${p.line}${p.col ? `:${p.col}` : ''}` : ''}: ${p.message}`));
  };
  for (const c of ctx.copies) {
    if (c.from) continue;
    if (c.heredoc) {
      if (bootcTomlKind(c.dest.text) !== kind) continue;
      const body = heredocBody(ctx, c.instruction);
      if (body !== undefined) report(c.dest, c.dest.text, validate(body));
      continue;
    }
    for (const src of c.sources) {
      const target = copyTarget(c, src);
      if (!isUnder(target, dir)) continue;
      const content = ctx.readContext(src.text);
      if (content === undefined) continue;
      if (bootcTomlKind(target) !== kind) {
        if (target !== dir) out.push(finding(ctx, c.dest, `${target} does not end in .toml: bootc ignores it`));
        continue;
      }
      report(src, src.text, validate(content));
    }
  }
  for (const { path, cmd } of persistentWrites(ctx)) {
    if (bootcTomlKind(path.text) !== kind) continue;
    let content = cmd.heredocBody;
    if (content === undefined && (cmd.name === 'echo' || cmd.name === 'printf')) {
      const args = cmd.words.slice(1).filter((w, k) => !(k === 0 && cmd.name === 'echo' && /^-[neE]+$/.test(w.text))).map((w) => w.text);
      content = cmd.name === 'printf' ? args[0]?.replace(/\\n/g, '\n').replace(/%s/g, () => args.splice(1, 1)[0] ?? '') : args.join(' ');
    }
    if (content === undefined || content.includes('$')) continue;
    report(path, path.text, validate(content));
  }
  return out;
}

/** The text of a `COPY <<EOF dest` heredoc. */
function heredocBody(ctx: ContainerfileContext, instr: { getRange(): import('../types').Range }): string | undefined {
  const r = instr.getRange();
  const first = ctx.index.lineText(r.start.line);
  const m = /<<-?\s*["']?([A-Za-z0-9_]+)["']?/.exec(first);
  if (!m) return undefined;
  const lines: string[] = [];
  for (let l = r.start.line + 1; l <= r.end.line; l++) {
    const t = ctx.index.lineText(l);
    if (t.replace(/^\t+/, '') === m[1]) break;
    lines.push(t);
  }
  return lines.join('\n') + '\n';
}
