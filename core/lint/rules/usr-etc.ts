import { finding, persistentCopies, persistentWrites } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';
import { isUnder } from '../vars';

export const usrEtc: ContainerfileRule = {
  kind: 'containerfile',
  id: 'usr-etc',
  severity: 'error',
  fixable: true,
  summary: 'Writing to /usr/etc, which is bootc\'s internal copy of /etc.',
  docs: `On a deployed system ostree keeps the image's default /etc in /usr/etc and merges it with the machine's
/etc. An image that has both /etc and /usr/etc is rejected by \`bootc container lint\` (etc-usretc). Put
configuration in /etc (or better, /usr/lib for packaged defaults) and let bootc handle the merge.

Quick fix: a \`COPY\`/\`ADD\` into /usr/etc copies into the same place under /etc instead.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { copy: c } of persistentCopies(ctx)) {
      if (!isUnder(c.dest.text.replace(/\/$/, ''), '/usr/etc')) continue;
      // COPY creates the directories it needs: the same copy into /etc always builds.
      const fixes = [{ title: `Copy into ${c.dest.text.replace(/^\/usr\/etc/, '/etc')} instead`, safe: true,
        edits: [{ range: ctx.index.range(c.dest.start, c.dest.start + '/usr/etc'.length), newText: '/etc' }] }];
      out.push(finding(ctx, c.dest, `${c.keyword} into /usr/etc: put configuration in /etc; /usr/etc is managed by bootc`, fixes));
    }
    for (const { path, cmd } of persistentWrites(ctx)) {
      if (isUnder(path.text, '/usr/etc')) out.push(finding(ctx, path, `\`${cmd.name}\` writes ${path.text}: put configuration in /etc; /usr/etc is managed by bootc`));
    }
    return out;
  },
};
