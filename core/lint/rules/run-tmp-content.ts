import { finding, persistentCopies, persistentWrites } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';
import { isUnder } from '../vars';

const DIRS = ['/run', '/tmp', '/var/run', '/var/lock'];

export const runTmpContent: ContainerfileRule = {
  kind: 'containerfile',
  id: 'run-tmp-content',
  severity: 'warning',
  summary: 'Files copied or left in /run or /tmp: they are hidden by tmpfs at boot.',
  docs: `/run and /tmp are tmpfs on a booted system, so anything the image puts there is invisible (and wastes
space). \`bootc container lint\` warns about it (nonempty-run-tmp). For build-time scratch space use a mount that
never reaches the image, or remove the files in the same RUN:

\`\`\`dockerfile
RUN --mount=type=tmpfs,target=/tmp curl -o /tmp/x.rpm … && dnf -y install /tmp/x.rpm
RUN --mount=type=bind,source=files,target=/tmp/files cp /tmp/files/app /usr/bin/
\`\`\``,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { copy: c } of persistentCopies(ctx)) {
      const d = c.dest.text.replace(/\/$/, '');
      if (DIRS.some((p) => isUnder(d, p))) out.push(finding(ctx, c.dest, `${c.keyword} into ${d}: it is a tmpfs at boot, the files would be hidden; use RUN --mount=type=bind for build inputs`));
    }
    for (const { path, cmd } of persistentWrites(ctx)) {
      if (DIRS.some((p) => isUnder(path.text, p) && path.text !== p)) {
        out.push(finding(ctx, path, `\`${cmd.name}\` leaves ${path.text} in the image (hidden by tmpfs at boot); remove it in the same RUN or use RUN --mount=type=tmpfs,target=${path.text.startsWith('/tmp') ? '/tmp' : '/run'}`));
      }
    }
    return out;
  },
};
