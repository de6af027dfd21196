import { finding, imageCommands } from '../shell-commands';
import type { ShellCommand } from '../shell';
import type { ContainerfileRule, RuleFinding } from '../types';

export const literalPassword: ContainerfileRule = {
  kind: 'containerfile',
  id: 'literal-password',
  severity: 'error',
  summary: 'A literal password set in the Containerfile (chpasswd, passwd --stdin, useradd -p).',
  docs: `A password written in the Containerfile is stored in the image history and in every layer, readable by
anyone who can pull the image, and identical on every machine. Inject credentials at install time instead:
a bootc-image-builder config (\`[[customizations.user]]\` with a key or a hashed password), cloud-init, or an SSH
key via a build secret (\`RUN --mount=type=secret\`).`,
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
