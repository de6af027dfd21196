import { finding } from '../shell-commands';
import { removeCommand } from '../edits';
import { operands } from '../shell';
import type { ContainerfileRule, Fix, RuleFinding } from '../types';
import { resolvePath } from '../vars';

export const varRunDir: ContainerfileRule = {
  kind: 'containerfile',
  id: 'var-run-dir',
  severity: 'error',
  fixable: true,
  summary: '`/var/run` made into a directory instead of the symlink to /run.',
  docs: `/var/run must stay a symlink to /run. \`mkdir /var/run\` (or removing the symlink) makes
\`bootc container lint\` fail (var-run) and breaks services that expect their runtime files in /run.
There is nothing to create: write to /run directly, or let systemd create it (\`RuntimeDirectory=\`).

Quick fix: remove \`/var/run\` from the \`mkdir\` (or the whole command).`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const run of ctx.runs) {
      for (const cmd of run.commands) {
        if (cmd.name !== 'mkdir' && cmd.name !== 'rm' && cmd.name !== 'rmdir') continue;
        const ops = operands(cmd, new Set(['-m', '--mode']));
        for (const w of ops) {
          if (resolvePath(w.text, run.workdir) !== '/var/run') continue;
          let fixes: Fix[] | undefined;
          if (cmd.name === 'mkdir' && !cmd.nested && !run.execForm) {
            const edit = ops.length > 1
              ? { range: ctx.index.range(cmd.words[cmd.words.indexOf(w) - 1].end, w.end), newText: '' }
              : removeCommand(ctx, run, cmd);
            if (edit) fixes = [{ title: 'Remove `mkdir /var/run`', safe: true, edits: [edit] }];
          }
          const verb = cmd.name === 'mkdir' ? 'creates a directory at' : 'removes the symlink';
          out.push(finding(ctx, w, `\`${cmd.name}\` ${verb} /var/run; it must stay a symlink to /run (write to /run instead)`, fixes));
        }
      }
    }
    return out;
  },
};
