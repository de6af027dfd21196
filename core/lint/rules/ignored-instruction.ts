import { finding, keywordSpan } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';

const WHY: Record<string, string> = {
  ENV: 'is not applied to the booted system (systemd does not read the image config); use it only for build steps, or set the variable in /etc/environment or a unit',
  EXPOSE: 'has no effect on a booted system; open the port in the firewall configuration instead',
  USER: 'is ignored when the image boots (systemd runs as root and starts services as their own users)',
  HEALTHCHECK: 'is ignored when the image boots; use systemd watchdogs or a timer',
  VOLUME: 'is ignored when the image boots; /var is already persistent',
  ENTRYPOINT: 'is ignored when the image boots (the kernel starts /sbin/init)',
  STOPSIGNAL: 'is ignored when the image boots',
};

export const ignoredInstruction: ContainerfileRule = {
  kind: 'containerfile',
  id: 'ignored-instruction',
  severity: 'info',
  summary: 'ENV, EXPOSE, USER, HEALTHCHECK, VOLUME, ENTRYPOINT, STOPSIGNAL do nothing on a booted bootc system.',
  docs: `When a bootc image is installed and booted, the kernel starts /sbin/init (systemd); the container runtime
metadata (environment, exposed ports, user, healthcheck, volumes, entrypoint, stop signal) is never consulted.
These instructions still affect \`podman run\` and the build steps after them, which is why this is only
information. Configure the booted system with files instead: /etc/environment or unit \`Environment=\`, firewall
rules, systemd units.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const instr of ctx.imageInstructions) {
      const kw = instr.getKeyword();
      const why = WHY[kw];
      if (why) out.push(finding(ctx, keywordSpan(ctx, instr), `${kw} ${why}`));
    }
    return out;
  },
};
