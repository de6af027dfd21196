import { finding, imageCommands, writtenPaths } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';

/** Files the build runtime bind-mounts into every RUN container: writes land in the mount, not in the image. */
const INJECTED = new Set(['/etc/hostname', '/etc/resolv.conf', '/etc/hosts']);

export const buildahInjectedRun: ContainerfileRule = {
  kind: 'containerfile',
  id: 'buildah-injected',
  severity: 'warning',
  summary: 'A RUN writes /etc/hostname, /etc/hosts or /etc/resolv.conf, which the build runtime bind-mounts: the write is lost.',
  docs: `During \`podman build\` (buildah) and \`docker build\`, /etc/hostname, /etc/hosts and /etc/resolv.conf inside a
RUN container are bind mounts provided by the runtime. \`echo myhost > /etc/hostname\` writes into that mount and
never reaches the image, which keeps the empty placeholder file instead (\`bootc container lint\` reports it as
buildah-injected). Ship the file with COPY (\`COPY hostname /etc/hostname\`), or set the hostname at install or
first boot (bootc-image-builder config, cloud-init, \`hostnamectl\` in a first-boot unit).`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const [cmd, run] of imageCommands(ctx)) {
      for (const path of writtenPaths(cmd, run.workdir)) {
        if (!INJECTED.has(path.text)) continue;
        out.push(finding(ctx, path, `\`${cmd.name}\` writes ${path.text}, which the build runtime bind-mounts into every RUN: the write never reaches the image; COPY the file or set it at install time`));
      }
    }
    return out;
  },
};
