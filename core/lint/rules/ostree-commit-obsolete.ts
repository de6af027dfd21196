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

Quick fix: replace \`ostree container commit\` with \`bootc container lint\`.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const [cmd] of imageCommands(ctx)) {
      if (cmd.name !== 'ostree' || cmd.words[1]?.text !== 'container' || cmd.words[2]?.text !== 'commit') continue;
      const span = { start: cmd.words[0].start, end: cmd.words[2].end };
      const fixes = cmd.nested ? [] : [{
        title: 'Replace with `bootc container lint`', safe: true,
        edits: [{ range: ctx.index.range(span.start, span.end), newText: 'bootc container lint' }],
      }];
      out.push(finding(ctx, span, '`ostree container commit` is obsolete; use `bootc container lint` (once, as the last RUN)', fixes));
    }
    return out;
  },
};
