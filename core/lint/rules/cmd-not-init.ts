import { finding } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';

const INITS = new Set(['/sbin/init', '/usr/sbin/init', '/usr/lib/systemd/systemd', '/lib/systemd/systemd']);

export const cmdNotInit: ContainerfileRule = {
  kind: 'containerfile',
  id: 'cmd-not-init',
  severity: 'hint',
  summary: 'CMD is not /sbin/init, so `podman run IMAGE` does not behave like the booted system.',
  docs: `A booted bootc system always starts /sbin/init. Keeping \`CMD ["/sbin/init"]\` (the bootc base images'
default) means \`podman run IMAGE\` boots systemd too, so you can test services in a container before making a
disk. Another CMD is ignored at boot and only makes container tests differ from the real system.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const instr of ctx.imageInstructions) {
      if (instr.getKeyword() !== 'CMD') continue;
      const args = instr.getArguments();
      if (args.length === 0) continue;
      const start = ctx.index.offsetAt(args[0].getRange().start);
      const end = ctx.index.offsetAt(args[args.length - 1].getRange().end);
      const raw = ctx.text.slice(start, end);
      let first: string | undefined;
      try {
        const v = JSON.parse(raw) as unknown;
        first = Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
      } catch {
        first = args[0].getValue();
      }
      if (first !== undefined && INITS.has(first)) continue;
      out.push(finding(ctx, { start, end }, 'CMD is ignored when the image boots; keep CMD ["/sbin/init"] so `podman run` starts systemd like the booted system'));
    }
    return out;
  },
};
