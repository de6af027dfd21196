import { finding } from '../shell-commands';
import { hasBootcLabel, isKnownBootcBase, isUnresolved, repository, rootStage } from '../base-image';
import type { ContainerfileRule } from '../types';

/**
 * Bases known NOT to be bootc images: the plain distribution and UBI container images. Anything else that is not
 * a known bootc base is unknown (a private bootc image, a desktop ostree image such as
 * quay.io/fedora-ostree-desktops/silverblue) and is not a finding.
 */
const NOT_BOOTC = /^(?:(?:docker\.io\/)?(?:library\/)?(?:fedora|debian|ubuntu|alpine|centos|rockylinux|almalinux|archlinux|opensuse\/[a-z]+|amazonlinux|oraclelinux|busybox|node|python|golang)|(?:docker\.io\/)?archlinux\/archlinux|registry\.fedoraproject\.org\/fedora(?:-minimal)?|quay\.io\/fedora\/fedora(?:-minimal)?|quay\.io\/centos\/centos|registry\.access\.redhat\.com\/ubi\d+(?:\/[a-z0-9-]+)?|registry\.redhat\.io\/ubi\d+(?:\/[a-z0-9-]+)?|(?:docker\.io\/|quay\.io\/)?(?:almalinux|rockylinux)\/[a-z0-9-]+|registry\.opensuse\.org\/opensuse\/[a-z]+)$/;

export function isKnownNotBootc(image: string): boolean {
  return NOT_BOOTC.test(repository(image)) && !isKnownBootcBase(image);
}

export const notBootcBase: ContainerfileRule = {
  kind: 'containerfile',
  id: 'not-bootc-base',
  severity: 'info',
  summary: 'The base image is a plain container image (fedora, debian, ubi, …) and the image has no `containers.bootc=1` label.',
  docs: `A bootc image needs a kernel in /usr/lib/modules, an ostree-ready initramfs and bootc's filesystem layout;
ordinary container bases (fedora, debian, ubi) have none of that. Start FROM a bootc base
(quay.io/fedora/fedora-bootc, quay.io/centos-bootc/centos-bootc, registry.redhat.io/rhel9/rhel-bootc, Universal
Blue images, or the local base \`bootable base\` builds). If your base is bootc-compatible under another name, add
\`LABEL containers.bootc=1\` (bootc's own marker) to silence this; the image check confirms it from the built image.
Only bases known not to be bootc images are reported; an unknown base is not a finding.`,
  check(ctx) {
    const root = rootStage(ctx);
    if (!root || isUnresolved(root.image) || root.image.toLowerCase() === 'scratch') return [];
    if (!isKnownNotBootc(root.image) || hasBootcLabel(ctx)) return [];
    const r = root.from.getImageNameRange() ?? root.from.getInstructionRange();
    return [finding(ctx, { start: ctx.index.offsetAt(r.start), end: ctx.index.offsetAt(r.end) },
      `${root.image} is a plain container image, not a bootc base; start FROM a bootc image, or add LABEL containers.bootc=1 if this Containerfile makes it bootable`)];
  },
};
