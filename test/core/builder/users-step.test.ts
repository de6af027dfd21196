// The users step on a real tree with hostile links: the image's /etc/passwd, /etc/shadow and homes are links to
// files outside the tree. Nothing outside may change; escapes are refused naming the path.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyUsers } from '../../../core/builder/steps/users';
import { writeBootEntries } from '../../../core/builder/steps/boot-entries';
import { treeAt, TreeEscapeError } from '../../../core/builder/tree-path';
import type { BuildContext } from '../../../core/builder/context';
import type { Plan, UserPlan } from '../../../core/builder/types';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl t@e';
const base = mkdtempSync(join(tmpdir(), 'bootable-test-usersstep-'));
after(() => rmSync(base, { recursive: true, force: true }));

function setup(name: string) {
  const dir = join(base, name);
  const root = join(dir, 'rootfs');
  const outside = join(dir, 'outside');
  mkdirSync(join(root, 'etc'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  const canaries: Record<string, string> = {};
  for (const n of ['passwd', 'shadow', 'authorized_keys', 'fstab']) {
    canaries[n] = join(outside, n);
    writeFileSync(canaries[n], `${n} canary\n`, { mode: 0o644 });
  }
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nsudo:x:27:\n');
  writeFileSync(join(root, 'etc/gshadow'), 'root:*::\nsudo:*::\n');
  return { root, outside, canaries };
}

const ctxFor = (root: string, users: UserPlan[]): BuildContext => ({
  plan: { mode: 'plain', users, groups: [] } as unknown as Plan,
  work: root, logFile: join(root, '..', 'log'), imageRoot: '/nonexistent', state: { rootTree: root, tree: treeAt(root) },
});
const user = (over: Partial<UserPlan> = {}): UserPlan => ({
  name: 'alice', passwordHash: '$6$salt$hash', keys: [KEY], groups: [], home: '/home/alice', shell: '/bin/bash', ...over,
});

function assertCanaries(canaries: Record<string, string>) {
  for (const [n, p] of Object.entries(canaries)) {
    assert.equal(readFileSync(p, 'utf8'), `${n} canary\n`, `${p} is unchanged`);
    const st = statSync(p);
    assert.equal(st.mode & 0o777, 0o644, `${p} keeps its mode`);
    assert.equal(st.uid, process.getuid!(), `${p} keeps its owner`);
  }
}

test('absolute links in /etc and /home resolve inside the tree: host files keep content, owner and mode', async () => {
  const { root, outside, canaries } = setup('abs');
  symlinkSync(canaries.passwd, join(root, 'etc/passwd'));
  symlinkSync(canaries.shadow, join(root, 'etc/shadow'));
  symlinkSync(outside, join(root, 'home'));
  await applyUsers(ctxFor(root, [user()]));
  assertCanaries(canaries);
  assert.match(readFileSync(join(root, canaries.passwd), 'utf8'), /^alice:x:1000:1000::\/home\/alice:\/bin\/bash$/m);
  const keys = join(root, outside, 'alice/.ssh/authorized_keys');
  assert.equal(readFileSync(keys, 'utf8'), KEY + '\n');
  assert.equal(statSync(keys).uid, 1000);
});

test('a new home: parents made on the way stay searchable (0755), the home and .ssh are 0700, keys 0600, all the user\'s', async () => {
  const { root } = setup('modes');
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  writeFileSync(join(root, 'etc/shadow'), 'root:*:19000:0:99999:7:::\n');
  await applyUsers(ctxFor(root, [user({ home: '/var/home/alice' })]));
  const mode = (p: string) => statSync(join(root, p)).mode & 0o777;
  assert.equal(mode('var'), 0o755);
  assert.equal(mode('var/home'), 0o755, 'sshd must reach the home');
  assert.equal(mode('var/home/alice'), 0o700);
  assert.equal(mode('var/home/alice/.ssh'), 0o700);
  assert.equal(mode('var/home/alice/.ssh/authorized_keys'), 0o600);
  for (const p of ['var/home/alice', 'var/home/alice/.ssh', 'var/home/alice/.ssh/authorized_keys']) assert.equal(statSync(join(root, p)).uid, 1000, p);
  assert.equal(statSync(join(root, 'var/home')).uid, 0);
});

test('a relative link out of the tree (/etc/shadow -> ../../..) is refused, naming the path; nothing outside changes', async () => {
  const { root, canaries } = setup('rel');
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  symlinkSync(`../../../../../../../../../..${canaries.shadow}`, join(root, 'etc/shadow'));
  await assert.rejects(applyUsers(ctxFor(root, [user()])),
    (e: unknown) => e instanceof TreeEscapeError && e.exitCode === 2 && /\/etc\/shadow/.test(e.message));
  assertCanaries(canaries);
});

test('an image user whose passwd home climbs out (root:/../../..) cannot reach a host authorized_keys', async () => {
  const { root, outside, canaries } = setup('imagehome');
  writeFileSync(join(root, 'etc/passwd'), `root:x:0:0:root:/../../../../../../..${outside}:/bin/bash\n`);
  writeFileSync(join(root, 'etc/shadow'), 'root:*:19000:0:99999:7:::\n');
  await assert.rejects(applyUsers(ctxFor(root, [user({ name: 'root', home: '/root' })])), TreeEscapeError);
  assertCanaries(canaries);
  assert.equal(lstatSync(canaries.authorized_keys).isFile(), true);
});

test('boot entries: /etc/fstab as a link to a host file is written inside the tree', async () => {
  const { root, canaries } = setup('fstab');
  const work = join(root, '..', 'work');
  const rootfs = join(work, 'rootfs');
  mkdirSync(join(rootfs, 'etc'), { recursive: true });
  mkdirSync(join(rootfs, 'usr/lib/modules/6.1.0-1-amd64'), { recursive: true });
  writeFileSync(join(rootfs, 'usr/lib/modules/6.1.0-1-amd64/vmlinuz'), 'kernel');
  writeFileSync(join(rootfs, 'usr/lib/modules/6.1.0-1-amd64/initramfs.img'), 'initrd');
  symlinkSync(canaries.fstab, join(rootfs, 'etc/fstab'));
  const fs = { type: 'ext4', label: 'x', uuid: '11111111-2222-3333-4444-555555555555', partition: 3, mountpoint: '/' };
  const plan = {
    mode: 'plain', image: { ref: 'x', kernelVersion: '6.1.0-1-amd64' }, kernelArgs: ['rw'],
    filesystems: { root: fs, boot: fs, esp: { ...fs, type: 'vfat', uuid: 'ABCD-EF01' } },
  } as unknown as Plan;
  const ctx: BuildContext = { plan, work, logFile: join(work, 'log'), imageRoot: '/nonexistent', state: { rootTree: rootfs, tree: treeAt(rootfs) } };
  await writeBootEntries(ctx);
  assertCanaries(canaries);
  assert.match(readFileSync(join(rootfs, canaries.fstab), 'utf8'), /^# Generated by bootable$/m);
});
