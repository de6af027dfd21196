import { finding, imageCommands } from '../shell-commands';
import type { ShellCommand, Word } from '../shell';
import type { ContainerfileRule, RuleFinding } from '../types';

/** Global options of podman/docker/buildah that take a value (`podman --root DIR pull …`). */
const GLOBAL_VALUE = new Set(['--root', '--runroot', '--storage-driver', '--storage-opt', '--log-level', '--connection', '-c',
  '--url', '--identity', '--cgroup-manager', '--events-backend', '--hooks-dir', '--network-cmd-path', '--tmpdir', '--registries-conf',
  '--config', '--context', '-H', '--host', '--module', '--runtime', '--volumepath', '--imagestore', '--db-backend']);

/** Where bootc's "physically bound images" live: an additional image store inside /usr (bootc docs). */
export const PHYSICAL_STORE = '/usr/lib/containers/storage';

export interface ImagePull {
  cmd: ShellCommand;
  /** The subcommand word (pull, load, import, copy). */
  verb: Word;
  /** `--root DIR` given before or after the subcommand, if any. */
  root?: string;
}

/** `podman [global options] pull|load|import …`, `skopeo copy … containers-storage:…`; undefined otherwise. */
export function imagePull(cmd: ShellCommand): ImagePull | undefined {
  if (cmd.name !== 'podman' && cmd.name !== 'docker' && cmd.name !== 'buildah' && cmd.name !== 'skopeo') return undefined;
  let k = 1;
  let root: string | undefined;
  for (; k < cmd.words.length; k++) {
    const t = cmd.words[k].text;
    if (!t.startsWith('-')) break;
    if (t === '--root') root = cmd.words[k + 1]?.text;
    else if (t.startsWith('--root=')) root = t.slice('--root='.length);
    if (GLOBAL_VALUE.has(t)) k++;
  }
  // `podman image pull` is `podman pull`.
  if (cmd.words[k]?.text === 'image' && cmd.name !== 'skopeo') k++;
  const verb = cmd.words[k];
  if (!verb) return undefined;
  for (let j = k + 1; j < cmd.words.length; j++) {
    const t = cmd.words[j].text;
    if (t === '--root') root = cmd.words[j + 1]?.text;
    else if (t.startsWith('--root=')) root = t.slice('--root='.length);
  }
  if (cmd.name === 'skopeo') {
    if (verb.text !== 'copy') return undefined;
    const dest = cmd.words.slice(k + 1).filter((w) => !w.text.startsWith('-')).at(-1)?.text ?? '';
    const m = /^containers-storage:\[[^@\]]*@([^\]+]+)(?:\+[^\]]*)?\]/.exec(dest);
    if (!dest.startsWith('containers-storage:')) return undefined;
    return { cmd, verb, root: m ? m[1] : root };
  }
  return ['pull', 'load', 'import'].includes(verb.text) ? { cmd, verb, root } : undefined;
}

export function isPhysicallyBound(p: ImagePull): boolean {
  return p.root !== undefined && p.root.replace(/\/+$/, '') === PHYSICAL_STORE;
}

export const nestedImagePull: ContainerfileRule = {
  kind: 'containerfile',
  id: 'nested-image-pull',
  severity: 'error',
  summary: 'Pulling container images into the build\'s container storage (`podman pull`, `skopeo copy … containers-storage:`).',
  docs: `Container storage written during a build (overlay layers with whiteouts under /var/lib/containers) does not
survive as a nested store: whiteouts are lost and /var is only applied on first install, so the images are
corrupted or missing on updates. Use logically bound images instead: a \`.container\`/\`.image\` quadlet in
/usr/share/containers/systemd linked from /usr/lib/bootc/bound-images.d, pulled by bootc at install and upgrade.

Pulls are found behind podman's global options (\`podman --log-level debug pull …\`) and inside \`$(…)\`. A pull into
\`--root ${PHYSICAL_STORE}\` is bootc's documented "physically bound images" pattern: rule physically-bound-image
reports that one instead.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const [cmd] of imageCommands(ctx)) {
      const p = imagePull(cmd);
      if (!p || isPhysicallyBound(p)) continue;
      const where = p.root ? `container storage at ${p.root}` : 'the build\'s container storage';
      out.push(finding(ctx, { start: cmd.words[0].start, end: p.verb.end },
        `\`${cmd.name} ${p.verb.text}\` stores images in ${where}, which breaks inside a bootc image (whiteouts lost, /var applied only on first install); use logically bound images`));
    }
    return out;
  },
};
