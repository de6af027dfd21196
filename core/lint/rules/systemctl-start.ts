import { finding, imageCommands } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';

const VERBS = new Set(['start', 'restart', 'reload', 'stop', 'try-restart', 'reload-or-restart', 'try-reload-or-restart', 'isolate']);

export const systemctlStart: ContainerfileRule = {
  kind: 'containerfile',
  id: 'systemctl-start',
  severity: 'warning',
  summary: '`systemctl start/restart/reload` during the build: there is no running systemd.',
  docs: `A container build has no systemd running, so \`systemctl start\` fails (or silently does nothing with
\`|| true\`). What you want is the unit enabled in the image, started at every boot:

\`\`\`dockerfile
RUN systemctl enable httpd
\`\`\``,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const [cmd] of imageCommands(ctx)) {
      if (cmd.name !== 'systemctl') continue;
      const verb = cmd.words.slice(1).find((w) => !w.text.startsWith('-'));
      if (!verb || !VERBS.has(verb.text)) continue;
      out.push(finding(ctx, { start: cmd.words[0].start, end: verb.end }, `\`systemctl ${verb.text}\` cannot work during a build (no running systemd); use \`systemctl enable\` so the unit starts at boot`));
    }
    return out;
  },
};
