import { appendLine } from '../edits';
import { hasBootcLabel, isKnownBootcBase, lacksBootcBinary, rootStage } from '../base-image';
import type { ContainerfileRule } from '../types';

const LINE = 'RUN bootc container lint';

export const lintMissing: ContainerfileRule = {
  kind: 'containerfile',
  id: 'lint-missing',
  severity: 'info',
  fixable: true,
  summary: 'The final stage does not run `bootc container lint`.',
  docs: `\`bootc container lint\` checks the built filesystem for problems that only show up after a deployment
(content in /var, /usr/etc, several kernels, a bad kargs.d file…). Make it the last \`RUN\` of the final stage so
every build checks itself:

\`\`\`dockerfile
RUN bootc container lint
\`\`\`

Quick fix: append that line. On a base without a bootc binary (bootable's local Debian base) that line would fail
the build: check the built image from the host with \`bootable lint --image IMAGE\` instead (the editor does it after
every Build Image).`,
  check(ctx) {
    const final = ctx.final;
    const root = rootStage(ctx);
    if (!final || !root) return [];
    const runsLint = ctx.runs.some((r) => r.stage === final && r.commands.some((c) =>
      c.name === 'bootc' && c.words[1]?.text === 'container' && c.words[2]?.text === 'lint'));
    // `ostree container commit` gets its own finding, whose fix turns it into `bootc container lint`: then
    // appending another lint is not safe to do unattended (--fix would add it twice).
    const runsCommit = ctx.runs.some((r) => r.stage === final && r.commands.some((c) =>
      c.name === 'ostree' && c.words[1]?.text === 'container' && c.words[2]?.text === 'commit'));
    if (runsLint) return [];
    const knownBase = isKnownBootcBase(root.image);
    const usesBootcTools = ctx.runs.some((r) => r.commands.some((c) => c.name === 'bootc' || c.name === 'ostree' || c.name === 'rpm-ostree' || c.name === 'bootupctl'));
    if (!knownBase && !hasBootcLabel(ctx) && !usesBootcTools) return [];
    const r = final.from.getInstructionRange();
    if (lacksBootcBinary(root.image)) {
      return [{
        range: r,
        message: 'the base image has no bootc binary, so `bootc container lint` cannot run in the build; check the built image with `bootable lint --image IMAGE` (the editor does after every Build Image)',
      }];
    }
    return [{
      range: r,
      message: 'the final stage never runs `bootc container lint`; add it as the last RUN to catch image problems at build time',
      fixes: [{ title: `Append \`${LINE}\``, safe: knownBase && !runsCommit, edits: [appendLine(ctx, LINE)] }],
    }];
  },
};
