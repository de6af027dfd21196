import { finding, persistentCopies, imageCommands, persistentWrites } from '../shell-commands';
import { operands } from '../shell';
import type { ContainerfileRule, RuleFinding } from '../types';
import { isUnder, resolvePath } from '../vars';

const STATE = /^\/opt\/.*\/(log|logs|data|cache|tmp|run|var|state|spool|db)(\/|$)/;

export const optWritable: ContainerfileRule = {
  kind: 'containerfile',
  id: 'opt-writable',
  severity: 'warning',
  summary: 'Runtime data (logs, data, cache) placed under /opt, which is read-only on a booted system.',
  docs: `On a bootc system /opt is part of the read-only image (or, on Fedora bootc, a link into /var/opt that the
image only seeds on first install). Applications that write logs or data next to their binaries in /opt fail at
runtime or lose updates. Keep the program in /opt (or /usr) and point its writable directories at /var with a
symlink plus a tmpfiles.d entry:

\`\`\`dockerfile
RUN ln -s /var/log/myapp /opt/myapp/logs && echo 'd /var/log/myapp 0755 root root -' > /usr/lib/tmpfiles.d/myapp.conf
\`\`\``,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { copy: c } of persistentCopies(ctx)) {
      const d = c.dest.text.replace(/\/$/, '');
      if (STATE.test(d)) out.push(finding(ctx, c.dest, `${c.keyword} into ${d}: /opt is read-only at runtime; keep writable data in /var (symlink + tmpfiles.d)`));
    }
    for (const { path, cmd } of persistentWrites(ctx)) {
      if (cmd.name === 'ln') continue;
      if (STATE.test(path.text)) out.push(finding(ctx, path, `\`${cmd.name}\` creates ${path.text}: /opt is read-only at runtime; keep writable data in /var (symlink + tmpfiles.d)`));
    }
    for (const [cmd, run] of imageCommands(ctx)) {
      if (cmd.name !== 'chmod') continue;
      const ops = operands(cmd);
      const mode = ops[0]?.text ?? '';
      if (!/^(0?[0-7]?[0-7][0-7][2367]|[0-7]*777|.*[ao]\+[rx]*w)/.test(mode)) continue;
      for (const w of ops.slice(1)) {
        if (isUnder(resolvePath(w.text, run.workdir), '/opt')) out.push(finding(ctx, w, `making ${w.text} world-writable does not help: /opt is read-only at runtime; keep writable data in /var`));
      }
    }
    return out;
  },
};
