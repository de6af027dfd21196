import { finding, imageCommands } from '../shell-commands';
import { operands, type ShellCommand, type Word } from '../shell';
import type { ContainerfileRule, RuleFinding } from '../types';

export const literalPassword: ContainerfileRule = {
  kind: 'containerfile',
  id: 'literal-password',
  severity: 'warning',
  summary: 'A literal password set in the Containerfile (chpasswd, passwd --stdin, useradd -p, mkpasswd/openssl passwd).',
  docs: `A password written in the Containerfile is stored in the image history and in every layer, readable by
anyone who can pull the image, and identical on every machine. Inject credentials at install time instead:
a bootc-image-builder config (\`[[customizations.user]]\` with a key or a hashed password), cloud-init, or an SSH
key via a build secret (\`RUN --mount=type=secret\`). Hashing the literal first changes nothing:
\`pass=$(mkpasswd … secret) && useradd -p "$pass"\` stores \`secret\` in the image history just the same.

A warning, not an error: the image builds and boots, and demo or test images set known passwords on purpose.
Raise it with \`--rule literal-password=error\` (or the \`bootable.lint.rules\` setting) to fail CI on it.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    const raw = (w: { start: number; end: number }) => ctx.text.slice(w.start, w.end);
    let prev: ShellCommand | undefined;
    for (const [cmd] of imageCommands(ctx)) {
      const piped = prev && cmd.before?.op === '|' ? prev : undefined;
      prev = cmd;
      const readsStdin = cmd.name === 'chpasswd' && !cmd.words.some((w) => w.text === '-e' || w.text === '--encrypted')
        || (cmd.name === 'passwd' && cmd.words.some((w) => w.text === '--stdin'));
      if (readsStdin) {
        if (cmd.heredocBody !== undefined && !cmd.heredocBody.includes('$')) {
          out.push(finding(ctx, cmd.words[0], `\`${cmd.name}\` gets a literal password from a heredoc; provision credentials at install time instead`));
        } else if (piped && (piped.name === 'echo' || piped.name === 'printf')) {
          const lit = piped.words.slice(1).filter((w) => !w.text.startsWith('-'));
          if (lit.length && lit.every((w) => !raw(w).includes('$'))) {
            out.push(finding(ctx, { start: lit[0].start, end: lit[lit.length - 1].end }, `literal password piped into \`${cmd.name}\`; it is stored in the image history: provision credentials at install time instead`));
          }
        }
        continue;
      }
      const hashed = hashedLiteral(cmd);
      if (hashed && !raw(hashed).includes('$')) {
        out.push(finding(ctx, hashed, `literal password hashed by \`${cmd.name}\`: the password itself is stored in the image history; provision credentials at install time instead`));
        continue;
      }
      if (cmd.name === 'useradd' || cmd.name === 'usermod') {
        const k = cmd.words.findIndex((w) => w.text === '-p' || w.text === '--password');
        const v = k > 0 ? cmd.words[k + 1] : undefined;
        if (v && !raw(v).includes('$') && v.text !== '' && v.text !== '!' && v.text !== '*') {
          out.push(finding(ctx, v, `literal password given to \`${cmd.name} -p\`; it is stored in the image history: provision credentials at install time instead`));
        }
      }
    }
    return out;
  },
};

const MKPASSWD_VALUE = new Set(['-m', '--method', '-S', '--salt', '-R', '--rounds', '-P', '--password-fd']);
const OPENSSL_VALUE = new Set(['-salt', '-in']);

/** The literal password word of `mkpasswd [opts] PASSWORD` or `openssl passwd [opts] PASSWORD`, if any. */
function hashedLiteral(cmd: ShellCommand): Word | undefined {
  const flag = (...f: string[]) => cmd.words.some((w) => f.includes(w.text) || f.some((x) => w.text.startsWith(`${x}=`)));
  let word: Word | undefined;
  if (cmd.name === 'mkpasswd') {
    if (flag('-s', '--stdin', '-P', '--password-fd')) return undefined;
    word = operands(cmd, MKPASSWD_VALUE)[0];
  } else if (cmd.name === 'openssl' && cmd.words[1]?.text === 'passwd') {
    if (flag('-stdin', '-in')) return undefined;
    word = operands({ ...cmd, words: cmd.words.slice(1) }, OPENSSL_VALUE)[0];
  }
  if (!word || word.text === '' || word.text.includes('$')) return undefined;
  return word;
}
