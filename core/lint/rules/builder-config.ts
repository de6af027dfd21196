import { ConfigErrors } from '../../builder/config/check';
import { parseConfigText } from '../../builder/config/load';
import { copyTarget } from '../containerfile';
import { finding } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';

const TARGETS = new Set(['/usr/lib/bootc-image-builder/config.toml', '/usr/lib/bootc-image-builder/config.json']);

export const builderConfig: ContainerfileRule = {
  kind: 'containerfile',
  id: 'builder-config',
  severity: 'warning',
  summary: 'A disk-builder config shipped in the image (/usr/lib/bootc-image-builder/config.*) that does not validate.',
  docs: `bootc-image-builder (and \`bootable disk\`) read a default build config from
/usr/lib/bootc-image-builder/config.toml or config.json inside the image: users and their keys, groups, kernel
arguments, filesystem sizes. A mistake there only shows up when someone builds a disk, possibly much later. This
rule validates the COPY source from the build context against the builder config format (the same validation
\`bootable disk\` applies, so keys bootable's builder does not implement are reported too).

\`\`\`toml
[[customizations.user]]
name = "admin"
key = "ssh-ed25519 AAAA… admin@example"
groups = ["wheel"]
\`\`\``,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const c of ctx.copies) {
      if (c.from || c.heredoc) continue;
      for (const src of c.sources) {
        const target = copyTarget(c, src);
        if (!TARGETS.has(target)) continue;
        const text = ctx.readContext(src.text);
        if (text === undefined) continue;
        try {
          parseConfigText(text, target);
        } catch (err) {
          // One finding per problem: the validator reports all of them at once.
          const problems = err instanceof ConfigErrors ? err.problems.map((p) => `${p.path}: ${p.problem}`) : [err instanceof Error ? err.message : String(err)];
          for (const p of problems) out.push(finding(ctx, src, `${src.text}: ${p}`));
        }
      }
    }
    return out;
  },
};
