import { finding, imageCommands } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';

export const nestedImagePull: ContainerfileRule = {
  kind: 'containerfile',
  id: 'nested-image-pull',
  severity: 'error',
  summary: 'Pulling container images into the image at build time (`podman pull`, `skopeo copy … containers-storage:`).',
  docs: `Container storage written during a build (overlay layers with whiteouts under /var/lib/containers) does not
survive as a nested store: whiteouts are lost and /var is only applied on first install, so the images are
corrupted or missing on updates. Use logically bound images instead: a \`.container\`/\`.image\` quadlet in
/usr/share/containers/systemd linked from /usr/lib/bootc/bound-images.d, pulled by bootc at install and upgrade.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const [cmd] of imageCommands(ctx)) {
      const verb = cmd.words[1]?.text;
      if ((cmd.name === 'podman' || cmd.name === 'docker' || cmd.name === 'buildah') && (verb === 'pull' || verb === 'load' || verb === 'import')) {
        out.push(finding(ctx, { start: cmd.words[0].start, end: cmd.words[1].end }, `\`${cmd.name} ${verb}\` stores images in the build's container storage, which breaks inside a bootc image; use logically bound images`));
      } else if (cmd.name === 'skopeo' && verb === 'copy' && cmd.words.some((w) => w.text.startsWith('containers-storage:'))) {
        out.push(finding(ctx, { start: cmd.words[0].start, end: cmd.words[1].end }, '`skopeo copy` into containers-storage breaks inside a bootc image; use logically bound images'));
      }
    }
    return out;
  },
};
