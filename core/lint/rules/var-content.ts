import { finding, imageCommands, isTransient, persistentCopies, persistentWrites } from '../shell-commands';
import type { ContainerfileContext, CopyInfo } from '../containerfile';
import { insertAfter, singleQuoted } from '../edits';
import type { ContainerfileRule, Fix, Position, RuleFinding } from '../types';
import { isUnder } from '../vars';

/** /var paths that are not image content to worry about here (other rules cover /var/run and /var/lock). */
const EXEMPT = ['/var/tmp', '/var/run', '/var/lock'];

/** Directories the bootc bases already create at boot (tmpfiles.d): a `mkdir` of exactly these is harmless. */
const BASE_DIRS = new Set(['/var/roothome', '/var/home', '/var/opt', '/var/srv', '/var/mnt', '/var/usrlocal', '/var/lib/alternatives', '/var/log', '/var/cache', '/var/lib']);

export function isVarContent(path: string): boolean {
  return isUnder(path, '/var') && path !== '/var' && !EXEMPT.some((p) => isUnder(path, p));
}

export const varContent: ContainerfileRule = {
  kind: 'containerfile',
  id: 'var-content',
  severity: 'warning',
  fixable: true,
  summary: 'Content written under /var: bootc applies it only on the first install, never on updates.',
  docs: `bootc treats /var as machine state: the image's /var is copied once, when the system is installed, and
is never touched again by \`bootc upgrade\`. A file you \`COPY\` into /var, or a directory you \`mkdir\` there, will
silently be missing from updated systems. Ship the content in /usr and create /var entries at boot with
systemd-tmpfiles, or use \`StateDirectory=\` in the service unit:

\`\`\`dockerfile
COPY app-data/ /usr/share/factory/var/lib/app/
RUN echo 'C /var/lib/app - - - - /usr/share/factory/var/lib/app' > /usr/lib/tmpfiles.d/app.conf
RUN echo 'd /var/lib/app 0755 root root -' > /usr/lib/tmpfiles.d/app.conf
\`\`\`

/var/tmp, cache mounts (\`RUN --mount=type=cache,target=/var/cache/…\`) and paths removed again in the same
or a later RUN are fine. \`flatpak remote-add\` and \`flatpak install\` (system-wide) write /var/lib/flatpak too.

Quick fixes: a \`COPY\` into /var becomes a copy into /usr/share/factory plus a tmpfiles.d \`C\` line; a
\`mkdir\` under /var becomes a tmpfiles.d \`d\` line. Neither is offered when a later command of the build uses
the path (it would no longer exist at build time, and the build would fail).`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { copy: c } of persistentCopies(ctx)) {
      if (!isVarContent(c.dest.text)) continue;
      out.push(finding(ctx, c.dest, `${c.keyword} into ${c.dest.text.replace(/\/$/, '')}: /var content is only applied on the first install, not on updates; ship it in /usr with a tmpfiles.d entry`, copyFix(ctx, c)));
    }
    for (const { path, cmd, run } of persistentWrites(ctx)) {
      if (!isVarContent(path.text) || (cmd.name === 'mkdir' && BASE_DIRS.has(path.text))) continue;
      let fixes: Fix[] | undefined;
      // The directory no longer exists at build time after the fix: anything later that uses it would fail.
      if (cmd.name === 'mkdir' && !cmd.nested && !run.execForm && !usedAfter(ctx, cmd.end, path.text)) {
        const line = singleQuoted(`d ${path.text} 0755 root root -`);
        const all = cmd.words.slice(1).filter((w) => !w.text.startsWith('-'));
        if (line && all.length === 1) {
          fixes = [{
            title: `Create ${path.text} at boot with a tmpfiles.d entry`, safe: false,
            edits: [{ range: ctx.index.range(cmd.start, cmd.end), newText: `echo ${line} > /usr/lib/tmpfiles.d/${confName(path.text)}` }],
          }];
        }
      }
      out.push(finding(ctx, path, `\`${cmd.name}\` writes ${path.text}: /var content is only applied on the first install, not on updates; use a tmpfiles.d entry or StateDirectory=`, fixes));
    }
    for (const [cmd, run] of imageCommands(ctx)) {
      const verb = cmd.name === 'flatpak' ? cmd.words.find((w, k) => k > 0 && !w.text.startsWith('-')) : undefined;
      if (!verb || !['remote-add', 'install'].includes(verb.text) || cmd.words.some((w) => w.text === '--user')) continue;
      if (cmd.words.some((w) => w.text.startsWith('--installation')) || isTransient(ctx, run, '/var/lib/flatpak/repo')) continue;
      out.push(finding(ctx, { start: cmd.words[0].start, end: verb.end }, verb.text === 'remote-add'
        ? '`flatpak remote-add` writes /var/lib/flatpak: /var content is only applied on the first install, not on updates; ship the remote as a file in /etc/flatpak/remotes.d instead'
        : '`flatpak install` writes /var/lib/flatpak: /var content is only applied on the first install, not on updates; install flatpaks at first boot (a systemd service) instead'));
    }
    return out;
  },
};

/** Does the text after `from` mention `path` or a path under it? Then a fix that moves `path` away breaks the build. */
function usedAfter(ctx: ContainerfileContext, from: number | Position, path: string): boolean {
  const offset = typeof from === 'number' ? from : ctx.index.offsetAt(from);
  return (lastMention(ctx).get(path.replace(/\/+$/, '')) ?? -1) >= offset;
}

const mentions = new WeakMap<ContainerfileContext, Map<string, number>>();

/** Absolute path (and each of its parent paths) → offset of its last mention in the file: built once per lint. */
function lastMention(ctx: ContainerfileContext): Map<string, number> {
  let map = mentions.get(ctx);
  if (map) return map;
  map = new Map();
  for (const m of ctx.text.matchAll(/\/[A-Za-z0-9._/-]+/g)) {
    const token = m[0].replace(/\/+$/, '');
    for (let cut = token.indexOf('/', 1); ; cut = token.indexOf('/', cut + 1)) {
      map.set(cut < 0 ? token : token.slice(0, cut), m.index!);
      if (cut < 0) break;
    }
  }
  mentions.set(ctx, map);
  return map;
}

function confName(path: string): string {
  return `${path.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]+/g, '-')}.conf`;
}

function copyFix(ctx: ContainerfileContext, c: CopyInfo): Fix[] | undefined {
  const target = c.dest.text.replace(/\/$/, '');
  if (c.heredoc || usedAfter(ctx, c.instruction.getRange().end, target)) return undefined;
  const factory = `/usr/share/factory${target}`;
  const line = singleQuoted(`C ${target} - - - - ${factory}`);
  if (!line || /\s/.test(target)) return undefined;
  return [{
    title: `Copy into ${factory} and create ${target} at boot (tmpfiles.d)`, safe: false,
    edits: [
      { range: ctx.index.range(c.dest.start, c.dest.end), newText: factory + (c.dest.text.endsWith('/') ? '/' : '') },
      insertAfter(ctx, c.instruction, `RUN echo ${line} > /usr/lib/tmpfiles.d/${confName(target)}`),
    ],
  }];
}
