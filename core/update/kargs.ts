// Kernel arguments from an image's /usr/lib/bootc/kargs.d/*.toml, applied to a new deployment as bootc does: the
// new image's arguments are added, the ones only the previous image asked for are removed, the rest of the booted
// deployment's arguments (the disk config's, the user's) stay.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseToml, isStringArray } from '../lint/toml/problems';

const ARCH = 'x86_64';

/** The kargs of one kargs.d file's text (none when it is invalid or for another architecture). */
export function kargsOfToml(text: string): string[] {
  const parsed = parseToml(text);
  if (!parsed.ok) return [];
  const { kargs, 'match-architectures': arches } = parsed.value;
  if (arches !== undefined && !(isStringArray(arches) && arches.includes(ARCH))) return [];
  return isStringArray(kargs) ? kargs.map((k) => k.trim()).filter(Boolean) : [];
}

/** Several kargs.d files as the guest script prints them (one after another): split on each `kargs =` table. */
export function kargsOfConcatenated(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/\n(?=\s*kargs\s*=)/)) out.push(...kargsOfToml(part));
  return out;
}

/** The image's kargs.d, files in name order (bootc's order). */
export async function readImageKargs(imageRoot: string): Promise<string[]> {
  const dir = join(imageRoot, 'usr/lib/bootc/kargs.d');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.toml')).sort();
  const out: string[] = [];
  for (const n of names) out.push(...kargsOfToml(await readFile(join(dir, n), 'utf8').catch(() => '')));
  return out;
}

/** `ostree admin deploy` options that turn the booted kargs into the new image's. */
export function kargOptions(booted: string[], oldImage: string[], newImage: string[]): string[] {
  const removed = oldImage.filter((k) => !newImage.includes(k) && booted.includes(k));
  const added = newImage.filter((k) => !booted.includes(k));
  return [...new Set([...removed.map((k) => `--karg-delete=${k}`), ...added.map((k) => `--karg-append=${k}`)])];
}
