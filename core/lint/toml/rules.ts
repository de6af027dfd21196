// Catalogue entries for the rules applied to bootc TOML drop-ins themselves (lintBootcToml), for docs and SARIF.
import type { Severity } from '../types';

export interface TomlRule { id: string; severity: Severity; summary: string; docs: string; appliesTo: string }

export const tomlRules: readonly TomlRule[] = [
  {
    id: 'bootc-kargs',
    severity: 'error',
    appliesTo: 'usr/lib/bootc/kargs.d/*.toml',
    summary: 'A kernel-arguments drop-in that bootc would reject.',
    docs: `Same check as bootc's own lint \`bootc-kargs\`: a kargs.d file may only contain \`kargs\` (an array of
strings, one argument per string; required) and \`match-architectures\` (Rust architecture names \`x86_64\`,
\`aarch64\`, \`powerpc64\`, \`s390x\`; \`amd64\`/\`arm64\`/\`ppc64le\` never match). Files not ending in \`.toml\` are ignored.

\`\`\`toml
kargs = ["console=ttyS0,115200n8"]
match-architectures = ["x86_64"]
\`\`\``,
  },
];
