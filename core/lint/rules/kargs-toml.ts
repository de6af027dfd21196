import { validateKargsToml } from '../toml/kargs';
import { checkTomlSources } from '../toml/sources';
import type { ContainerfileRule } from '../types';

export const kargsToml: ContainerfileRule = {
  kind: 'containerfile',
  id: 'kargs-toml',
  severity: 'error',
  summary: 'A kernel-arguments file copied into /usr/lib/bootc/kargs.d/ that bootc would reject.',
  docs: `bootc reads kernel arguments from /usr/lib/bootc/kargs.d/*.toml. Each file may only contain \`kargs\`
(an array of strings, required) and \`match-architectures\` (Rust architecture names: \`x86_64\`, \`aarch64\`,
\`powerpc64\`, \`s390x\` — \`amd64\` or \`arm64\` never match). Files not ending in \`.toml\` are ignored, and a bad
file fails \`bootc container lint\` (bootc-kargs) and the upgrade. This rule validates the SOURCE file of the COPY
from the build context (and heredocs written in the Containerfile).

\`\`\`toml
kargs = ["console=ttyS0,115200n8", "mitigations=auto"]
match-architectures = ["x86_64"]
\`\`\``,
  check(ctx) {
    return checkTomlSources(ctx, 'kargs', '/usr/lib/bootc/kargs.d', validateKargsToml);
  },
};
