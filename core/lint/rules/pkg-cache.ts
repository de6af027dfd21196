import { APT_MANAGERS, finding, isInstall, isTransient, pkgAction, RPM_MANAGERS } from '../shell-commands';
import type { RunInfo } from '../containerfile';
import type { ShellCommand } from '../shell';
import type { ContainerfileRule, Fix, RuleFinding } from '../types';
import type { ContainerfileContext } from '../containerfile';

const RPM_CACHES = ['/var/cache/dnf', '/var/cache/libdnf5', '/var/cache/yum'];

export const pkgCache: ContainerfileRule = {
  kind: 'containerfile',
  id: 'pkg-cache',
  severity: 'warning',
  fixable: true,
  summary: 'Package manager caches left in the image (no `dnf clean all` / apt lists removal in the same RUN).',
  docs: `\`dnf install\` leaves repository metadata and packages under /var/cache/dnf (or /var/cache/libdnf5), and
\`apt-get install\` leaves /var/lib/apt/lists. In a bootc image that is dead weight in every update, and it is
content under /var, which bootc only copies on the first install. Clean in the same RUN, or use a cache mount:

\`\`\`dockerfile
RUN dnf -y install httpd && dnf clean all
RUN --mount=type=cache,target=/var/cache/libdnf5 dnf -y install httpd
RUN apt-get update && apt-get install -y nginx && rm -rf /var/lib/apt/lists/*
\`\`\`

Quick fix: append \`&& dnf clean all\` (or the apt lists removal) to the RUN.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const run of ctx.runs) {
      const installs = run.commands.map((c) => ({ c, a: pkgAction(c) })).filter((x) => isInstall(x.a));
      if (installs.length === 0) continue;
      const rpm = installs.find((x) => RPM_MANAGERS.has(x.a!.manager));
      const apt = installs.find((x) => APT_MANAGERS.has(x.a!.manager));
      const rpmCleaned = run.commands.some((c) => RPM_MANAGERS.has(c.name) && c.words.some((w) => w.text === 'clean'))
        || RPM_CACHES.some((p) => isTransient(ctx, run, p));
      if (rpm && !rpmCleaned) {
        out.push(finding(ctx, { start: rpm.c.words[0].start, end: rpm.a!.action.end },
          `\`${rpm.a!.manager} ${rpm.a!.action.text}\` leaves its cache in the image; add \`&& ${rpm.a!.manager} clean all\` to this RUN or use a cache mount`,
          appendFix(ctx, run, `${rpm.a!.manager} clean all`)));
      }
      if (apt && !isTransient(ctx, run, '/var/lib/apt/lists/x')) {
        out.push(finding(ctx, { start: apt.c.words[0].start, end: apt.a!.action.end },
          `\`${apt.a!.manager} ${apt.a!.action.text}\` leaves /var/lib/apt/lists in the image; add \`&& rm -rf /var/lib/apt/lists/*\` to this RUN`,
          appendFix(ctx, run, 'rm -rf /var/lib/apt/lists/*')));
      }
    }
    return out;
  },
};

/** ` && CMD` after the last command of a shell-form RUN (not inside a heredoc script). */
function appendFix(ctx: ContainerfileContext, run: RunInfo, command: string): Fix[] {
  const last: ShellCommand | undefined = run.commands[run.commands.length - 1];
  if (!last || run.execForm || last.nested || last.after || last.heredocBody !== undefined) return [];
  if (run.commands.some((c) => c.before?.op === '\n')) return [];
  return [{ title: `Add \`&& ${command}\``, safe: true, edits: [{ range: ctx.index.range(last.end, last.end), newText: ` && ${command}` }] }];
}
