import { Env, User, Volume } from 'dockerfile-ast';
import type { Instruction } from 'dockerfile-ast';
import { finding, keywordSpan } from '../shell-commands';
import type { ContainerfileContext } from '../containerfile';
import type { ContainerfileRule, RuleFinding } from '../types';

const WHY: Record<string, string> = {
  ENV: 'is not applied to the booted system (systemd does not read the image config), and no later build step uses it; set the variable in /etc/environment or a unit\'s Environment= instead',
  USER: 'is ignored when the image boots (systemd runs as root and starts each service as its own User=); it only changes `podman run` of the image',
  HEALTHCHECK: 'is ignored when the image boots; use a systemd watchdog or a timer',
  VOLUME: 'is ignored when the image boots (/var is already persistent); if it is meant for `podman run` of the image, say so in a comment above it',
  ENTRYPOINT: 'is ignored when the image boots (the kernel starts /sbin/init)',
  STOPSIGNAL: 'is ignored when the image boots',
};

/** Variables a container runtime or systemd-in-a-container reads: base metadata, not configuration. */
const BASE_ENV = new Set(['container']);
/** Variables that change how every later build command runs, whether or not they are spelled out there. */
const BUILD_ENV = /^(PATH|LD_LIBRARY_PATH|PYTHONPATH|PKG_CONFIG_PATH|DEBIAN_FRONTEND|LANG|LC_ALL|HOME|GOPATH|GOFLAGS|CARGO_HOME|RUSTUP_HOME|PIP_\w+|DNF_\w+)$/;

export const ignoredInstruction: ContainerfileRule = {
  kind: 'containerfile',
  id: 'ignored-instruction',
  severity: 'info',
  summary: 'ENV, USER, HEALTHCHECK, VOLUME, ENTRYPOINT, STOPSIGNAL that do nothing on a booted bootc system.',
  docs: `When a bootc image is installed and booted, the kernel starts /sbin/init (systemd); the container runtime
metadata (environment, user, healthcheck, volumes, entrypoint, stop signal) is never consulted. Configure the
booted system with files instead: /etc/environment or unit \`Environment=\`, systemd units.

\`EXPOSE\` is not reported: bootable reads it to forward those ports, both for *Run as Container* and for the
VMs it boots (\`bootable up\`, \`bootable vm\`). On the booted system itself, open the port in its firewall.

Only what really does nothing is reported: an \`ENV\` that a later build step uses, a \`USER\` that is not the
image's last one or that sets root back (after a build step ran as another user), \`STOPSIGNAL SIGRTMIN+3\` and
\`ENV container=oci\` (the metadata bootc base images carry so that \`podman run\` of the image stops systemd
cleanly), and a \`VOLUME\` whose comment says it is for running the image as a container are not findings.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    const lastUser = [...ctx.imageInstructions].reverse().find((i) => i instanceof User);
    ctx.imageInstructions.forEach((instr) => {
      const kw = instr.getKeyword();
      const why = WHY[kw];
      if (!why || !reported(ctx, instr, lastUser)) return;
      out.push(finding(ctx, keywordSpan(ctx, instr), `${kw} ${why}`));
    });
    return out;
  },
};

function reported(ctx: ContainerfileContext, instr: Instruction, lastUser: Instruction | undefined): boolean {
  const args = instr.getArguments().map((a) => a.getValue());
  if (instr instanceof User) {
    // Only the image's final USER stays in the image config; root there is what systemd runs as anyway.
    return instr === lastUser && !/^(root|0)(:(root|0))?$/.test(args[0] ?? '');
  }
  if (instr.getKeyword() === 'STOPSIGNAL') return !/^(SIGRTMIN\+3|37)$/i.test(args[0] ?? '');
  if (instr instanceof Env) {
    // The text after it (later build steps of the image's stages; comments are rare enough to ignore).
    const later = ctx.text.slice(ctx.index.offsetAt(instr.getRange().end));
    const laterRun = /^\s*RUN\b/im.test(later);
    return instr.getProperties().some((p) => !BASE_ENV.has(p.getName()) && !usesVariable(later, p.getName()) && !(laterRun && BUILD_ENV.test(p.getName())));
  }
  if (instr instanceof Volume) return !commentAbove(ctx, instr).some((c) => /podman|docker|container|run\b/i.test(c));
  return true;
}

function usesVariable(text: string, name: string): boolean {
  // Names come from the document: only a valid shell name can be referenced at all.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return false;
  return new RegExp(`\\$\\{?${name}(?![A-Za-z0-9_])`).test(text);
}

/** The comment lines directly above an instruction. */
function commentAbove(ctx: ContainerfileContext, instr: Instruction): string[] {
  const lines = ctx.text.split('\n');
  const out: string[] = [];
  for (let l = instr.getRange().start.line - 1; l >= 0 && /^\s*#/.test(lines[l]); l--) out.push(lines[l]);
  return out;
}
