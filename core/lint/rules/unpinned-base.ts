import { finding } from '../shell-commands';
import { isUnresolved, rootStage } from '../base-image';
import type { ContainerfileRule } from '../types';

export const unpinnedBase: ContainerfileRule = {
  kind: 'containerfile',
  id: 'unpinned-base',
  severity: 'hint',
  summary: 'The base image is referenced by tag, not by digest.',
  docs: `A tag such as \`:42\` or \`:stream10\` moves: two builds of the same Containerfile can produce different
operating systems, and a rollback cannot rebuild the old one. Pin the digest and update it deliberately
(Renovate and Dependabot understand this form). \`localhost/…\` images, built earlier on the same machine,
are not reported:

\`\`\`dockerfile
FROM quay.io/fedora/fedora-bootc:42@sha256:…
\`\`\``,
  check(ctx) {
    const root = rootStage(ctx);
    if (!root) return [];
    const raw = root.from.getImage() ?? '';
    if (raw.includes('@') || root.image.includes('@') || isUnresolved(root.image) || root.image.toLowerCase() === 'scratch') return [];
    // localhost/… is an image built earlier on this machine (often by the same pipeline): no digest to pin.
    if (/^localhost\//i.test(root.image)) return [];
    const r = root.from.getImageRange() ?? root.from.getInstructionRange();
    return [finding(ctx, { start: ctx.index.offsetAt(r.start), end: ctx.index.offsetAt(r.end) },
      `${root.image} is not pinned by digest; builds are not reproducible (use ${root.image}@sha256:…)`)];
  },
};
