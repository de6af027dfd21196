// Is this Containerfile a bootc image? Only then do the bootc rules, the bootc CodeLens and the bootc actions
// apply: an ordinary application Dockerfile gets the generic Dockerfile features only. Decided from the text alone
// (cheap, no podman): the final stage is bootc when its chain of stages starts FROM a known bootc base (or an image
// the caller knows is bootc, e.g. from podman's labels), or when a stage of that chain marks itself: LABEL
// containers.bootc=1 / ostree.bootable, RUN bootc container lint, RUN ostree container commit. A comment
// `# bootable: bootc` (or `# bootable: generic`), or the caller's `force`, decides either way.
import { isKnownBootcBase, repository } from './base-image';
import { IMAGE_NAMESPACE } from '../names';

/** Whether the bootc rules apply: detected per file, or forced either way (setting `bootable.lint.bootc`). */
export const bootcModes = ['auto', 'bootc', 'generic'] as const;
export type BootcMode = typeof bootcModes[number];

export interface BootcVerdict {
  bootc: boolean;
  /** Why, in a few words (for logs and tooltips). */
  reason: string;
}

export interface DetectOptions {
  /** 'bootc' / 'generic' decide without looking (the user's setting); default 'auto'. */
  force?: BootcMode;
  /** Local images known to be bootc (podman says they carry containers.bootc=1), as written in FROM. */
  bootcImages?: readonly string[];
}

/** The local images bootable builds and tags (`localhost/bootable/<dir>`), the local base among them. */
function isLocalBootableImage(image: string): boolean {
  return repository(image).startsWith(IMAGE_NAMESPACE);
}

/** Instructions as single logical lines (continuations joined, comments inside them dropped). */
function instructions(text: string): string[] {
  const out: string[] = [];
  let current: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (/^\s*#/.test(line)) continue;
    const continued = /\\\s*$/.test(line);
    const part = continued ? line.replace(/\\\s*$/, ' ') : line;
    if (current === undefined) {
      if (part.trim() === '') continue;
      current = part;
    } else {
      current += part;
    }
    if (!continued) { out.push(current.trim()); current = undefined; }
  }
  if (current !== undefined && current.trim() !== '') out.push(current.trim());
  return out;
}

/** The `# bootable: bootc|generic` comment, if any. */
function directive(text: string): BootcMode | undefined {
  // [ \t]*, not \s*: under the m flag \s* would run across newlines, quadratic on a file of blank lines.
  const m = /^[ \t]*#[ \t]*bootable:[ \t]*(bootc|generic)[ \t]*$/im.exec(text);
  return m ? (m[1]!.toLowerCase() as BootcMode) : undefined;
}

function substitute(word: string, args: Map<string, string>): string {
  return word.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (all, name: string) => args.get(name) ?? all);
}

/** A comment or an instruction that says the image is bootc (used by the server to keep such lines in every chunk). */
export const bootcMarker = /^[ \t]*#[ \t]*bootable:[ \t]*bootc[ \t]*$|^[ \t]*(LABEL\s.*\b(containers\.bootc|ostree\.bootable)=["']?(1|true)\b|RUN\s.*\b(bootc\s+container\s+lint|ostree\s+container\s+commit)\b)/im;

interface StageInfo { name?: string; bootc: boolean; reason: string }

export function detectBootc(text: string, opts: DetectOptions = {}): BootcVerdict {
  const forced = opts.force && opts.force !== 'auto' ? opts.force : undefined;
  if (forced) return { bootc: forced === 'bootc', reason: `the setting says ${forced}` };
  const comment = directive(text);
  if (comment) return { bootc: comment === 'bootc', reason: `# bootable: ${comment}` };
  const known = new Set((opts.bootcImages ?? []).map((i) => i.toLowerCase()));
  const args = new Map<string, string>();
  const stages: StageInfo[] = [];
  for (const instruction of instructions(text)) {
    const keyword = instruction.split(/\s/, 1)[0]!.toUpperCase();
    if (keyword === 'ARG' && stages.length === 0) {
      for (const m of instruction.slice(3).matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g)) args.set(m[1]!, m[2]!.replace(/^["']|["']$/g, ''));
      continue;
    }
    if (keyword === 'FROM') {
      const words = instruction.split(/\s+/).slice(1).filter((w) => !w.startsWith('--'));
      const image = substitute(words[0] ?? '', args);
      const name = words[1]?.toLowerCase() === 'as' ? words[2]?.toLowerCase() : undefined;
      const parent = stages.find((s) => s.name !== undefined && s.name === image.toLowerCase());
      let stage: StageInfo;
      if (parent) stage = { name, bootc: parent.bootc, reason: parent.bootc ? `FROM stage ${image}: ${parent.reason}` : '' };
      else if (isKnownBootcBase(image)) stage = { name, bootc: true, reason: `FROM ${image}, a bootc base image` };
      else if (isLocalBootableImage(image)) stage = { name, bootc: true, reason: `FROM ${image}, a local bootable image` };
      else if (known.has(image.toLowerCase())) stage = { name, bootc: true, reason: `FROM ${image}, labelled containers.bootc=1` };
      else stage = { name, bootc: false, reason: '' };
      stages.push(stage);
      continue;
    }
    const stage = stages.at(-1);
    if (stage && !stage.bootc && bootcMarker.test(instruction)) {
      stage.bootc = true;
      stage.reason = `${keyword} ${/LABEL/i.test(keyword) ? 'marks the image bootc' : 'runs a bootc command'}`;
    }
  }
  const final = stages.at(-1);
  if (!final) return { bootc: false, reason: 'no FROM instruction' };
  return final.bootc ? { bootc: true, reason: final.reason } : { bootc: false, reason: 'not built from a bootc base image' };
}
