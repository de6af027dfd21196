import { finding, imageCommands, isInstall, pkgAction } from '../shell-commands';
import type { RunInfo } from '../containerfile';
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
\`\`\`

A compiler that the same RUN removes again (\`dnf -y install gcc && make && dnf -y remove gcc\`) is not reported.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const [cmd, run] of imageCommands(ctx)) {
      const a = pkgAction(cmd);
      if (!a || !isInstall(a)) continue;
      for (const p of a.packages) {
        if (TOOLCHAIN.has(p.text) && !removedInSameRun(run, p.text)) out.push(finding(ctx, p, `${p.text} is a build tool shipped in the OS image; build in an earlier stage and COPY --from the result`));
      }
    }
    return out;
  },
};

const REMOVE = new Set(['remove', 'erase', 'autoremove', 'purge']);

/** The same RUN uninstalls the package again (`dnf remove gcc`, `apt-get purge gcc`, `rpm -e gcc`). */
function removedInSameRun(run: RunInfo, pkg: string): boolean {
  return run.commands.some((c) => {
    const a = pkgAction(c);
    if (a && REMOVE.has(a.action.text)) return a.packages.some((p) => p.text === pkg);
    return c.name === 'rpm' && c.words.some((w) => w.text === '-e' || w.text === '--erase') && c.words.some((w) => w.text === pkg);
  });
}
