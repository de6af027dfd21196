import { lacksBootcBinary, rootStage } from '../base-image';
import { removeCommand } from '../edits';
import { finding, imageCommands } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';

export const ostreeCommitObsolete: ContainerfileRule = {
  kind: 'containerfile',
  id: 'ostree-commit-obsolete',
  severity: 'warning',
  fixable: true,
  summary: '`ostree container commit` is superseded by `bootc container lint`.',
  docs: `Older bootc and rpm-ostree guides ended every \`RUN\` with \`ostree container commit\`. It is no longer
needed: bootc images are committed by the container build itself, and \`bootc container lint\` (run once, as the
last instruction) performs the useful checks.

Quick fix: replace \`ostree container commit\` with \`bootc container lint\`; on a base without a bootc binary
(bootable's local Debian base) remove it, and check the built image with \`bootable lint --image IMAGE\`.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    const root = rootStage(ctx);
    const noBootc = root !== undefined && lacksBootcBinary(root.image);
    for (const [cmd, run] of imageCommands(ctx)) {
      if (cmd.name !== 'ostree' || cmd.words[1]?.text !== 'container' || cmd.words[2]?.text !== 'commit') continue;
      const span = { start: cmd.words[0].start, end: cmd.words[2].end };
      if (noBootc) {
        const edit = removeCommand(ctx, run, cmd);
        const fixes = edit ? [{ title: 'Remove `ostree container commit` (check the image with `bootable lint --image`)', safe: true, edits: [edit] }] : [];
        out.push(finding(ctx, span, '`ostree container commit` is obsolete and fails on this base (no bootc in it); remove it and check the built image with `bootable lint --image IMAGE`', fixes));
        continue;
      }
      const fixes = cmd.nested ? [] : [{
        title: 'Replace with `bootc container lint`', safe: true,
        edits: [{ range: ctx.index.range(span.start, span.end), newText: 'bootc container lint' }],
      }];
      out.push(finding(ctx, span, '`ostree container commit` is obsolete; use `bootc container lint` (once, as the last RUN)', fixes));
    }
    return out;
  },
};
