// Pure edits of /etc/passwd, /etc/shadow, /etc/group and /etc/gshadow text: add the config's groups and users.
// Group "wheel" does not exist on Debian: when the image has no wheel group but has "sudo", wheel maps to sudo
// (what `wheel` means on Fedora: may use sudo). Any other missing group is an error naming the user.
import { BuilderError } from '../../errors';
import type { UserPlan } from '../types';

export interface AccountFiles {
  passwd: string;
  shadow: string;
  group: string;
  gshadow: string;
}

export interface AddedUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  groups: string[];
}

const lines = (text: string) => text.split('\n').filter((l) => l.length > 0);
const withLine = (text: string, line: string) => [...lines(text), line].join('\n') + '\n';
const FIRST_ID = 1000;

function usedIds(text: string, field: number): Set<number> {
  return new Set(lines(text).map((l) => Number(l.split(':')[field])).filter((n) => Number.isInteger(n)));
}

function nextFree(used: Set<number>): number {
  let id = FIRST_ID;
  while (used.has(id)) id++;
  return id;
}

function groupEntry(text: string, name: string): string[] | undefined {
  return lines(text).map((l) => l.split(':')).find((f) => f[0] === name);
}

function addGroup(files: AccountFiles, name: string, gid?: number): number {
  const existing = groupEntry(files.group, name);
  if (existing) return Number(existing[2]);
  const used = usedIds(files.group, 2);
  if (gid !== undefined && used.has(gid)) throw new BuilderError(`group ${name}: gid ${gid} is already used in the image`);
  const id = gid ?? nextFree(used);
  files.group = withLine(files.group, `${name}:x:${id}:`);
  files.gshadow = withLine(files.gshadow, `${name}:!::`);
  return id;
}

function addMember(files: AccountFiles, groupName: string, user: string) {
  const edit = (text: string, membersField: number) => lines(text).map((l) => {
    const f = l.split(':');
    if (f[0] !== groupName) return l;
    const members = (f[membersField] ?? '').split(',').filter(Boolean);
    if (!members.includes(user)) members.push(user);
    f[membersField] = members.join(',');
    return f.join(':');
  }).join('\n') + '\n';
  files.group = edit(files.group, 3);
  if (groupEntry(files.gshadow, groupName)) files.gshadow = edit(files.gshadow, 3);
}

/** Which image group a config group name means; wheel → sudo on images without wheel. */
export function resolveGroupName(files: AccountFiles, name: string): string | undefined {
  if (groupEntry(files.group, name)) return name;
  if (name === 'wheel' && groupEntry(files.group, 'sudo')) return 'sudo';
  return undefined;
}

/**
 * Adds groups then users. Returns the users with their ids and resolved group names (the caller creates homes).
 * `daysSinceEpoch` is the shadow "last changed" field.
 */
export function addAccounts(input: AccountFiles, groups: { name: string; gid?: number }[], users: UserPlan[],
  daysSinceEpoch: number): { files: AccountFiles; added: AddedUser[] } {
  const files = { ...input };
  for (const g of groups) addGroup(files, g.name, g.gid);
  const added: AddedUser[] = [];
  for (const u of users) {
    const existing = lines(files.passwd).map((l) => l.split(':')).find((f) => f[0] === u.name);
    let uid: number;
    let gid: number;
    if (existing) {
      // An image user (typically root): keep its ids, set password/keys/groups.
      uid = Number(existing[2]);
      gid = Number(existing[3]);
    } else {
      const usedUids = usedIds(files.passwd, 2);
      if (u.uid !== undefined && usedUids.has(u.uid)) throw new BuilderError(`user ${u.name}: uid ${u.uid} is already used in the image`);
      uid = u.uid ?? nextFree(usedUids);
      const usedGids = usedIds(files.group, 2);
      gid = u.gid ?? addGroup(files, u.name, usedGids.has(uid) ? undefined : uid);
      files.passwd = withLine(files.passwd, [u.name, 'x', uid, gid, u.description ?? '', u.home, u.shell].join(':'));
    }
    const hash = u.passwordHash ?? '*';
    // force_password_reset: "last changed" 0 makes login ask for a new password; expiredate: the account's end.
    const changed = u.forcePasswordReset ? 0 : daysSinceEpoch;
    const shadowLine = [u.name, hash, changed, 0, 99999, 7, '', u.expiredate ?? '', ''].join(':');
    if (lines(files.shadow).some((l) => l.split(':')[0] === u.name)) {
      files.shadow = lines(files.shadow).map((l) => {
        if (l.split(':')[0] !== u.name) return l;
        const f = l.split(':');
        if (u.passwordHash !== undefined) { f[1] = u.passwordHash; f[2] = String(changed); }
        if (u.forcePasswordReset) f[2] = '0';
        if (u.expiredate !== undefined) f[7] = String(u.expiredate);
        return f.join(':');
      }).join('\n') + '\n';
    } else {
      files.shadow = withLine(files.shadow, shadowLine);
    }
    const resolved: string[] = [];
    for (const g of u.groups) {
      const name = resolveGroupName(files, g);
      if (!name) {
        throw new BuilderError(`user ${u.name}: group "${g}" does not exist in the image`, {
          hint: `add it to the config as [[customizations.group]] name = "${g}", or create it in the Containerfile`,
        });
      }
      addMember(files, name, u.name);
      resolved.push(name);
    }
    added.push({ name: u.name, uid, gid, home: existing ? existing[5] : u.home, groups: resolved });
  }
  return { files, added };
}
