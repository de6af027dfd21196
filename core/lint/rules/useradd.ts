import { finding, imageCommands, writtenPaths } from '../shell-commands';
import { operands, type ShellCommand } from '../shell';
import type { ContainerfileContext } from '../containerfile';
import { isUnder } from '../vars';
import type { ContainerfileRule, Fix, RuleFinding } from '../types';

const COMMANDS = new Set(['useradd', 'groupadd', 'adduser', 'addgroup']);
const USERADD_VALUE = new Set(['-u', '--uid', '-g', '--gid', '-c', '--comment', '-d', '--home-dir', '-s', '--shell', '-G', '--groups',
  '-k', '--skel', '-K', '--key', '-e', '--expiredate', '-f', '--inactive', '-p', '--password', '-R', '--root', '-P', '--prefix', '-Z', '--selinux-user', '-b', '--base-dir']);

export const useradd: ContainerfileRule = {
  kind: 'containerfile',
  id: 'useradd',
  severity: 'warning',
  fixable: true,
  summary: '`useradd`/`groupadd` in the image: prefer a sysusers.d drop-in.',
  docs: `Users created with \`useradd\` live in the image's /etc/passwd and /etc/group. Those files are merged
3-way on updates, so a user added by a newer image may never appear on an existing system, and UIDs can clash
with users created locally. \`bootc container lint\` warns about users without a sysusers.d entry (sysusers).
Declare system users in /usr/lib/sysusers.d (systemd-sysusers creates them at boot), or use \`DynamicUser=yes\`:

\`\`\`dockerfile
RUN echo 'u myapp - "My app" /var/lib/myapp -' > /usr/lib/sysusers.d/myapp.conf && systemd-sysusers
\`\`\`

Quick fix: replace \`useradd\`/\`groupadd\` by a sysusers.d drop-in (and run systemd-sysusers so later
build steps still see the user).

A \`useradd\`/\`groupadd\` whose user or group the same Containerfile also declares in a sysusers.d drop-in
(written by a RUN, a heredoc or a COPY whose file name or content names it) is not reported: bootc's
\`sysusers\` lint is satisfied then.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    let declared: string | undefined;
    for (const [cmd, run] of imageCommands(ctx)) {
      if (!COMMANDS.has(cmd.name)) continue;
      const name = operands(cmd, USERADD_VALUE).at(-1)?.text;
      declared ??= sysusersText(ctx);
      if (name && new RegExp(`(^|[^A-Za-z0-9_.-])${escape(name)}($|[^A-Za-z0-9_-])`, 'm').test(declared)) continue;
      const drop = !cmd.nested && !run.execForm ? sysusersLine(cmd) : undefined;
      const fixes: Fix[] | undefined = drop ? [{
        title: `Replace with /usr/lib/sysusers.d/${drop.name}.conf`, safe: false,
        edits: [{ range: ctx.index.range(cmd.start, cmd.end), newText: `${drop.shell} > /usr/lib/sysusers.d/${drop.name}.conf && systemd-sysusers /usr/lib/sysusers.d/${drop.name}.conf` }],
      }] : undefined;
      out.push(finding(ctx, { start: cmd.start, end: cmd.end },
        `\`${cmd.name}\` writes /etc/passwd and /etc/group, which do not update cleanly; declare the ${cmd.name.includes('group') ? 'group' : 'user'} in a sysusers.d drop-in (or use DynamicUser=)`, fixes));
    }
    return out;
  },
};

/** The sysusers.d line(s) equivalent to a useradd/groupadd, as a shell `printf`/`echo` command. */
export function sysusersLine(cmd: ShellCommand): { name: string; shell: string } | undefined {
  if (cmd.name !== 'useradd' && cmd.name !== 'groupadd') return undefined;
  const opts = new Map<string, string>();
  const positional: string[] = [];
  for (let k = 1; k < cmd.words.length; k++) {
    const t = cmd.words[k].text;
    const eq = t.indexOf('=');
    if (t.startsWith('--') && eq > 0) { opts.set(t.slice(0, eq), t.slice(eq + 1)); continue; }
    if (USERADD_VALUE.has(t)) { opts.set(t, cmd.words[k + 1]?.text ?? ''); k++; continue; }
    if (t.startsWith('-')) continue;
    positional.push(t);
  }
  if (positional.length !== 1 || cmd.redirects.length) return undefined;
  const name = positional[0];
  if (!/^[a-z_][a-z0-9_-]*\$?$/i.test(name)) return undefined;
  const get = (...keys: string[]) => keys.map((k) => opts.get(k)).find((v) => v !== undefined);
  let lines: string[];
  if (cmd.name === 'groupadd') {
    lines = [`g ${name} ${get('-g', '--gid') ?? '-'}`];
  } else {
    const uid = get('-u', '--uid');
    const gid = get('-g', '--gid');
    const id = uid ? (gid && /^\d+$/.test(gid) ? `${uid}:${gid}` : uid) : '-';
    const gecos = get('-c', '--comment');
    const home = get('-d', '--home-dir') ?? '-';
    const shell = get('-s', '--shell') ?? '-';
    lines = [`u ${name} ${id} ${gecos ? `"${gecos}"` : '-'} ${home} ${shell}`];
    for (const g of (get('-G', '--groups') ?? '').split(',').filter(Boolean)) lines.push(`m ${name} ${g}`);
  }
  if (lines.some((l) => /['\\\n]/.test(l))) return undefined;
  const shell = lines.length === 1 ? `echo '${lines[0]}'` : `printf '%s\\n' ${lines.map((l) => `'${l}'`).join(' ')}`;
  return { name, shell };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SYSUSERS_DIRS = ['/usr/lib/sysusers.d', '/etc/sysusers.d'];

/** Everything the Containerfile puts into sysusers.d: written file names, heredoc bodies, copied files' names and content. */
function sysusersText(ctx: ContainerfileContext): string {
  const parts: string[] = [];
  const inSysusers = (p: string) => SYSUSERS_DIRS.some((d) => isUnder(p, d));
  for (const c of ctx.copies) {
    if (!inSysusers(c.dest.text)) continue;
    parts.push(c.dest.text);
    const r = c.instruction.getRange();
    parts.push(ctx.text.slice(ctx.index.offsetAt(r.start), ctx.index.offsetAt(r.end)));
    for (const src of c.sources) {
      parts.push(src.text);
      if (!c.from) parts.push(ctx.readContext(src.text) ?? '');
    }
  }
  for (const run of ctx.runs) {
    for (const cmd of run.commands) {
      const paths = writtenPaths(cmd, run.workdir).filter((w) => inSysusers(w.text));
      if (paths.length === 0) continue;
      parts.push(...paths.map((w) => w.text), cmd.heredocBody ?? '', ctx.text.slice(cmd.start, cmd.end));
    }
  }
  return parts.join('\n');
}
