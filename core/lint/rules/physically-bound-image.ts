import { finding, imageCommands } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';
import { imagePull, isPhysicallyBound, PHYSICAL_STORE } from './nested-image-pull';

export const physicallyBoundImage: ContainerfileRule = {
  kind: 'containerfile',
  id: 'physically-bound-image',
  severity: 'info',
  summary: `Images pulled into ${PHYSICAL_STORE} at build time (bootc's "physically bound images").`,
  docs: `\`podman --root ${PHYSICAL_STORE} pull IMAGE\` in a RUN embeds the application image inside the OS image, in an
additional image store under /usr. bootc documents this as the "physically bound images" pattern: the images are
there at first boot without a registry, and they are updated only together with the OS image. Make sure podman on
the host reads that store (\`additionalimagestores = ["${PHYSICAL_STORE}"]\` in /etc/containers/storage.conf or a
drop-in), and know the cost: every change of an embedded image is a new OS image, and bootc cannot share its layers
with other images. When the application should update on its own, use logically bound images instead
(/usr/lib/bootc/bound-images.d).`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const [cmd] of imageCommands(ctx)) {
      const p = imagePull(cmd);
      if (!p || !isPhysicallyBound(p)) continue;
      out.push(finding(ctx, { start: cmd.words[0].start, end: p.verb.end },
        `\`${cmd.name} ${p.verb.text}\` into ${PHYSICAL_STORE} embeds the image in /usr (bootc's physically bound images): podman must list that store in additionalimagestores, and the image is updated only with the OS image`));
    }
    return out;
  },
};
