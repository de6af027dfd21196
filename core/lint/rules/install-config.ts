import { validateInstallToml } from '../toml/install';
import { checkTomlSources } from '../toml/sources';
import type { ContainerfileRule } from '../types';

export const installConfig: ContainerfileRule = {
  kind: 'containerfile',
  id: 'install-config',
  severity: 'error',
  appliesTo: 'Containerfile, usr/lib/bootc/install/*.toml',
  summary: 'An install config copied into /usr/lib/bootc/install/ that bootc would reject.',
  docs: `Files in /usr/lib/bootc/install/*.toml configure \`bootc install\` and disk image builders: the root
filesystem type, extra kernel arguments, block setup. The only top-level table is \`[install]\`; keys are
\`filesystem.root.type\` (xfs, ext4, btrfs), \`kargs\` (array of strings), \`block\` (\`direct\`, \`tpm2-luks\`),
\`match_architectures\`, \`stateroot\`, \`root-mount-spec\`, \`boot-mount-spec\`. This rule validates the SOURCE file of
the COPY from the build context (and heredocs written in the Containerfile).

\`\`\`toml
[install.filesystem.root]
type = "xfs"
\`\`\``,
  check(ctx) {
    return checkTomlSources(ctx, 'install', '/usr/lib/bootc/install', validateInstallToml);
  },
};
