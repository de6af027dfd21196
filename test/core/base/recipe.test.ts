// The base image recipe as data: argv, files and the sysusers fragment of the customize script, run for real.
// What the built image contains (kernel in /usr/lib/modules, empty /boot, packages, labels) is checked on the
// image itself through podman in test/e2e/podman-base.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_IMAGE, BLACKLISTED_MODULES, CUSTOMIZE_SCRIPT, ESSENTIAL_SCRIPT, INITRAMFS_DRIVERS, INITRAMFS_FILESYSTEMS, PACKAGES,
  SYSIMAGE_DIRS, baseFiles, mmdebstrapArgs, recipeHash, recipeParts } from '../../../core/base/recipe';
import { validateInstallToml, declaredRootFs } from '../../../core/lint/toml/index';

test('the examples build FROM the base image bootable makes', () => {
  const root = process.env.BOOTABLE_ROOT ?? process.cwd();
  for (const ex of readdirSync(join(root, 'examples'))) {
    const file = join(root, 'examples', ex, 'Containerfile');
    if (!existsSync(file)) continue;
    assert.deepEqual(readFileSync(file, 'utf8').match(/^FROM \S+/gm), [`FROM ${BASE_IMAGE}`], file);
  }
});

test('mmdebstrap argv: root mode, minbase, tar output, essential hook, overlay sync and customize hook', () => {
  const argv = mmdebstrapArgs({ overlayDir: '/w/overlay', essentialScript: '/w/e.sh', customizeScript: '/w/c.sh', outputTar: '/w/r.tar' }, ['a', 'b']);
  assert.deepEqual(argv, ['mmdebstrap', '--mode=root', '--variant=minbase', '--format=tar', '--include=a,b',
    '--essential-hook=/w/e.sh', '--customize-hook=sync-in /w/overlay /', '--customize-hook=/w/c.sh', 'bookworm', '/w/r.tar']);
});

test('base files: networkd DHCP, an ed25519 host key only, no static hostname, a valid install config declaring ext4', () => {
  const files = new Map(baseFiles().map((f) => [f.path, f.content]));
  assert.match(files.get('etc/systemd/network/20-wired.network')!, /Name=en\* eth\*[\s\S]*DHCP=yes/);
  const keygen = files.get('usr/lib/systemd/system/bootable-ssh-keygen.service')!;
  assert.match(keygen, /^ExecStart=\/usr\/bin\/ssh-keygen -q -t ed25519 -N '' -f \/etc\/ssh\/ssh_host_ed25519_key$/m);
  assert.doesNotMatch(keygen, /-A|rsa/);
  assert.equal(files.get('etc/ssh/sshd_config.d/10-bootable-host-key.conf'), 'HostKey /etc/ssh/ssh_host_ed25519_key\n');
  // A file (podman 4.3 leaves an empty one behind otherwise) that names no host: a static hostname would win over the
  // per-VM one. systemd skips comment lines; every line here is one.
  const etcHostname = files.get('etc/hostname')!;
  assert.ok(etcHostname.length > 0);
  assert.deepEqual(etcHostname.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')), []);
  assert.match(files.get('etc/hosts')!, /^127\.0\.0\.1\tlocalhost$/m);
  assert.match(files.get('etc/hosts')!, /^::1\t+localhost\b/m);
  const hostname = files.get('usr/lib/systemd/system/bootable-hostname.service')!;
  assert.match(hostname, /^ConditionPathExists=\/run\/credentials\/@system\/system\.hostname$/m);
  assert.match(hostname, /^ExecStart=\/usr\/bin\/hostname -F \/run\/credentials\/@system\/system\.hostname$/m);
  assert.match(hostname, /^Before=.*\bssh\.service\b/m);
  assert.match(CUSTOMIZE_SCRIPT, /systemctl enable [^\n]*\bbootable-hostname\.service\b/);
  assert.match(CUSTOMIZE_SCRIPT, /systemctl disable e2scrub_reap\.service/);
  const install = files.get('usr/lib/bootc/install/00-bootable.toml')!;
  assert.deepEqual(validateInstallToml(install), []);
  assert.equal(declaredRootFs(install), 'ext4');
  for (const f of baseFiles()) assert.ok(!f.path.startsWith('/'), f.path);
});

test('boot path: a VM-sized zstd initramfs, no config re-check before sshd, modules no VM uses not autoloaded, no apt timers', () => {
  const files = new Map(baseFiles().map((f) => [f.path, f.content]));
  const dracut = /chroot "\$root" dracut ([\s\S]*?initramfs\.img")\n/.exec(CUSTOMIZE_SCRIPT)![1]!.replace(/\\\n\s*/g, '');
  assert.match(dracut, /--no-hostonly --add ostree /);
  assert.match(dracut, /--compress zstd /);
  assert.ok(PACKAGES.includes('zstd'), 'dracut needs the zstd binary in the root');
  assert.ok(dracut.includes(`--drivers '${INITRAMFS_DRIVERS.join(' ')}'`), dracut);
  for (const d of ['virtio_blk', 'virtio_pci', 'ahci', 'nvme']) assert.ok(INITRAMFS_DRIVERS.includes(d), d);
  // Every root filesystem `bootable disk --rootfs` offers must be mountable by the initramfs.
  assert.ok(dracut.includes(`--filesystems '${INITRAMFS_FILESYSTEMS.join(' ')}'`), dracut);
  assert.deepEqual([...INITRAMFS_FILESYSTEMS].sort(), ['btrfs', 'ext4', 'xfs']);
  assert.equal(files.get('usr/lib/systemd/system/ssh.service.d/10-bootable.conf'), '[Service]\nExecStartPre=\n');
  const blacklist = files.get('usr/lib/modprobe.d/bootable-vm.conf')!;
  assert.deepEqual(blacklist.split('\n').filter((l) => l && !l.startsWith('#')), BLACKLISTED_MODULES.map((m) => `blacklist ${m}`));
  // Nothing the VMs use: disks, network, console, display, the rng that seeds sshd.
  for (const needed of ['virtio_net', 'virtio_rng', 'virtio_blk', 'bochs', 'drm', 'ext4', 'evdev', 'atkbd']) {
    assert.ok(!BLACKLISTED_MODULES.includes(needed), needed);
  }
  assert.match(CUSTOMIZE_SCRIPT, /systemctl disable apt-daily\.timer apt-daily-upgrade\.timer/);
});

test('customize script: /var ends with no files, package state moved to /usr/lib/sysimage, a tmpfiles.d line per entry', async () => {
  const { execFileSync } = await import('node:child_process');
  const { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync, symlinkSync, readlinkSync, realpathSync, lstatSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const fragment = CUSTOMIZE_SCRIPT.slice(CUSTOMIZE_SCRIPT.indexOf('mkdir -p "$root/usr/lib/sysimage"'));
  assert.ok(fragment.length > 100 && CUSTOMIZE_SCRIPT.endsWith(fragment));
  const root = mkdtempSync(join(tmpdir(), 'bootable-test-var-'));
  try {
    for (const d of SYSIMAGE_DIRS) { mkdirSync(join(root, 'var', d), { recursive: true }); writeFileSync(join(root, 'var', d, 'state'), d); }
    mkdirSync(join(root, 'var/lib/systemd/catalog'), { recursive: true });
    writeFileSync(join(root, 'var/lib/systemd/catalog/database'), 'x');
    writeFileSync(join(root, 'var/lib/shells.state'), '/bin/sh\n');
    mkdirSync(join(root, 'var/mail'));
    chmodSync(join(root, 'var/mail'), 0o2775);
    mkdirSync(join(root, 'var/spool'));
    symlinkSync('../mail', join(root, 'var/spool/mail'));
    mkdirSync(join(root, 'usr/lib/tmpfiles.d'), { recursive: true });
    writeFileSync(join(root, 'usr/lib/tmpfiles.d/var.conf'), '# comment /var/mail\nd /var/spool 0755 - - -\nd /var/lib 0755 - - -\n');
    execFileSync('sh', ['-euc', fragment], { env: { ...process.env, root }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const d of SYSIMAGE_DIRS) {
      const link = join(root, 'var', d);
      assert.ok(lstatSync(link).isSymbolicLink(), d);
      assert.ok(!readlinkSync(link).startsWith('/'), 'relative, so it resolves inside the deployment too');
      assert.equal(realpathSync(link), join(realpathSync(root), 'usr/lib/sysimage', d.replaceAll('/', '-')));
      assert.equal(readFileSync(join(link, 'state'), 'utf8'), d);
    }
    assert.equal(execFileSync('find', [join(root, 'var'), '-type', 'f']).toString(), '');
    const lines = readFileSync(join(root, 'usr/lib/tmpfiles.d/bootable-base-var.conf'), 'utf8').trim().split('\n');
    const uid = process.getuid!(), gid = process.getgid!();
    assert.ok(lines.includes(`d /var/mail 2775 ${uid} ${gid} -`), lines.join('\n'));
    assert.ok(lines.includes('L /var/spool/mail - - - - ../mail'), lines.join('\n'));
    assert.ok(lines.includes('L /var/lib/dpkg - - - - ../../usr/lib/sysimage/lib-dpkg'), lines.join('\n'));
    assert.ok(lines.includes('d /var/lib/systemd/catalog 755 ' + uid + ' ' + gid + ' -'), lines.join('\n'));
    // Already declared elsewhere: no second line (systemd-tmpfiles would log a duplicate at every boot).
    assert.ok(!lines.some((l) => / \/var\/(spool|lib) /.test(l)), lines.join('\n'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('customize script: users and groups only in /etc/passwd and /etc/group get sysusers.d entries', async () => {
  const { execFileSync } = await import('node:child_process');
  const { cpSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const fragment = CUSTOMIZE_SCRIPT.slice(CUSTOMIZE_SCRIPT.indexOf('decl=$(mktemp)'), CUSTOMIZE_SCRIPT.indexOf('rm -f "$decl"') + 13);
  assert.ok(fragment.startsWith('decl=') && fragment.endsWith('"$decl"'), fragment);
  const root = mkdtempSync(join(tmpdir(), 'bootable-test-sysusers-'));
  try {
    cpSync(join(process.env.BOOTABLE_ROOT ?? process.cwd(), 'test/fixtures/base'), root, { recursive: true });
    execFileSync('sh', ['-euc', fragment], { env: { ...process.env, root } });
    assert.equal(readFileSync(join(root, 'usr/lib/sysusers.d/bootable-base.conf'), 'utf8'),
      'g _ssh 101\ng kvm 104\nu sshd 101:65534 "" /run/sshd /usr/sbin/nologin\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** Runs one line of CUSTOMIZE_SCRIPT (found by its start) with $root set, for real. */
async function runScriptLine(start: string, root: string): Promise<void> {
  const { execFileSync } = await import('node:child_process');
  const line = CUSTOMIZE_SCRIPT.split('\n').find((l) => l.startsWith(start));
  assert.ok(line, start);
  execFileSync('sh', ['-euc', line], { env: { ...process.env, root } });
}

test('customize script: myhostname goes into the hosts line right after files (before dns), once', async () => {
  const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const root = mkdtempSync(join(tmpdir(), 'bootable-test-nss-'));
  try {
    mkdirSync(join(root, 'etc'));
    const nss = join(root, 'etc/nsswitch.conf');
    writeFileSync(nss, 'passwd:         files\nhosts:          files dns\nnetworks:       files\n');
    await runScriptLine("sed -i '/^hosts:/", root);
    assert.equal(readFileSync(nss, 'utf8'), 'passwd:         files\nhosts:          files myhostname dns\nnetworks:       files\n');
    await runScriptLine("sed -i '/^hosts:/", root);
    assert.equal(readFileSync(nss, 'utf8'), 'passwd:         files\nhosts:          files myhostname dns\nnetworks:       files\n', 'idempotent');
    writeFileSync(nss, 'hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n');
    await runScriptLine("sed -i '/^hosts:/", root);
    assert.equal(readFileSync(nss, 'utf8'), 'hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n', 'an existing entry is left alone');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the essential hook diverts dracut's kernel hook and the customize script puts it back", () => {
  const divert = /dpkg-divert --quiet --local --rename --divert (\S+) --add (\S+)$/m.exec(ESSENTIAL_SCRIPT);
  assert.ok(divert, ESSENTIAL_SCRIPT);
  assert.equal(divert[2], '/etc/kernel/postinst.d/dracut');
  // The kernel's postinst and dracut's trigger call the hook by path: a no-op stands in, removed before the divert is.
  assert.match(ESSENTIAL_SCRIPT, new RegExp(`printf '#!/bin/sh\\\\n[^']*exit 0\\\\n' > "\\$1${divert[2]}"`));
  assert.match(ESSENTIAL_SCRIPT, new RegExp(`chmod 755 "\\$1${divert[2]}"`));
  const remove = CUSTOMIZE_SCRIPT.indexOf(`dpkg-divert --quiet --local --rename --remove ${divert[2]}`);
  assert.ok(remove > 0 && CUSTOMIZE_SCRIPT.indexOf(`rm -f "$root${divert[2]}"`) < remove && CUSTOMIZE_SCRIPT.indexOf(`rm -f "$root${divert[2]}"`) > 0);
  // dracut runs once, in the customize script, after the hook was set aside.
  assert.equal(CUSTOMIZE_SCRIPT.match(/\bdracut --force/g)?.length, 1);
});

test('the recipe hash changes with any part of the recipe and only then', () => {
  const parts = recipeParts();
  assert.match(recipeHash(parts), /^[0-9a-f]{16}$/);
  assert.equal(recipeHash(recipeParts()), recipeHash(parts));
  for (const key of Object.keys(parts)) {
    assert.notEqual(recipeHash({ ...parts, [key]: JSON.stringify(parts[key]) + ' ' }), recipeHash(parts), key);
  }
  assert.notEqual(recipeHash({ ...parts, PACKAGES: [...(parts.PACKAGES as string[]), 'vim'] }), recipeHash(parts));
});
