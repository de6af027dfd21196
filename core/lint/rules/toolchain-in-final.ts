import { finding, imageCommands, isInstall, pkgAction } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';

const TOOLCHAIN = new Set(['gcc', 'gcc-c++', 'g++', 'clang', 'llvm', 'golang', 'golang-go', 'rust', 'rustc', 'cargo',
  'build-essential', 'make', 'cmake', 'meson', 'ninja-build', 'autoconf', 'automake', 'libtool', 'maven', 'java-devel']);

export const toolchainInFinal: ContainerfileRule = {
  kind: 'containerfile',
  id: 'toolchain-in-final',
  severity: 'info',
  summary: 'Compilers and build tools installed into the OS image.',
  docs: `Every package in a bootc image is shipped to, updated on and attack surface of every machine. Build your
software in an earlier stage and copy only the result into the final stage:

\`\`\`dockerfile
FROM quay.io/fedora/fedora:42 AS build
RUN dnf -y install gcc make && make -C /src
FROM quay.io/fedora/fedora-bootc:42
COPY --from=build /src/myapp /usr/bin/myapp
\`\`\``,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const [cmd] of imageCommands(ctx)) {
      const a = pkgAction(cmd);
      if (!a || !isInstall(a)) continue;
      for (const p of a.packages) {
        if (TOOLCHAIN.has(p.text)) out.push(finding(ctx, p, `${p.text} is a build tool shipped in the OS image; build in an earlier stage and COPY --from the result`));
      }
    }
    return out;
  },
};
