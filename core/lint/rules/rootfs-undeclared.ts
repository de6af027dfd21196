import { finding, persistentWrites } from '../shell-commands';
import { isFedoraBootc, rootStage } from '../base-image';
import type { ContainerfileRule } from '../types';
import { isUnder } from '../vars';

const DIR = '/usr/lib/bootc/install';

export const rootfsUndeclared: ContainerfileRule = {
  kind: 'containerfile',
  id: 'rootfs-undeclared',
  severity: 'info',
  summary: 'Fedora bootc base without an install config: disk builds must choose the root filesystem.',
  docs: `Fedora's bootc images do not declare a default root filesystem, so \`bootc install to-disk\`,
bootc-image-builder and \`bootable disk\` need one on the command line (\`--rootfs xfs\`). Ship the choice in the
image instead:

\`\`\`dockerfile
COPY <<EOF /usr/lib/bootc/install/00-rootfs.toml
[install.filesystem.root]
type = "xfs"
EOF
\`\`\``,
  check(ctx) {
    const root = rootStage(ctx);
    if (!root || !isFedoraBootc(root.image)) return [];
    // A COPY of a whole tree into / or /usr may bring the drop-in: we cannot see inside, so stay quiet.
    if (ctx.copies.some((c) => isUnder(DIR, c.dest.text.replace(/\/$/, '') || '/') || isUnder(c.dest.text, DIR))) return [];
    for (const { path } of persistentWrites(ctx)) if (isUnder(path.text, DIR)) return [];
    const r = root.from.getImageNameRange() ?? root.from.getInstructionRange();
    const w = { start: ctx.index.offsetAt(r.start), end: ctx.index.offsetAt(r.end) };
    return [finding(ctx, w, 'this base declares no default root filesystem; add /usr/lib/bootc/install/00-rootfs.toml ([install.filesystem.root] type = "xfs") or pass --rootfs to disk builds')];
  },
};
