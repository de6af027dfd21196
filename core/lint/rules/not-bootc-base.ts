import { finding } from '../shell-commands';
import { hasBootcLabel, isKnownBootcBase, isUnresolved, rootStage } from '../base-image';
import type { ContainerfileRule } from '../types';

export const notBootcBase: ContainerfileRule = {
  kind: 'containerfile',
  id: 'not-bootc-base',
  severity: 'info',
  summary: 'The base image is not a known bootc image and the image has no `containers.bootc=1` label.',
  docs: `A bootc image needs a kernel in /usr/lib/modules, an ostree-ready initramfs and bootc's filesystem layout;
ordinary container bases (fedora, debian, ubi) have none of that. Start FROM a bootc base
(quay.io/fedora/fedora-bootc, quay.io/centos-bootc/centos-bootc, registry.redhat.io/rhel9/rhel-bootc, Universal
Blue images, or the local base \`bootable base\` builds). If your base is bootc-compatible under another name, add
\`LABEL containers.bootc=1\` (bootc's own marker) to silence this; the image check confirms it from the built image.`,
  check(ctx) {
    const root = rootStage(ctx);
    if (!root || isUnresolved(root.image) || root.image.toLowerCase() === 'scratch') return [];
    if (isKnownBootcBase(root.image) || hasBootcLabel(ctx)) return [];
    const r = root.from.getImageNameRange() ?? root.from.getInstructionRange();
    return [finding(ctx, { start: ctx.index.offsetAt(r.start), end: ctx.index.offsetAt(r.end) },
      `${root.image} is not a known bootc base image; start FROM a bootc image, or add LABEL containers.bootc=1 if it is one`)];
  },
};
