import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_IMAGE, CUSTOMIZE_SCRIPT, IMAGE_CHANGES, PACKAGES, baseFiles, mmdebstrapArgs } from '../../../core/base/recipe';
import { validateInstallToml, declaredRootFs } from '../../../core/lint/toml/index';

test('the base image has a stable local name', () => {
  assert.equal(BASE_IMAGE, 'localhost/bootable/debian-bootc:12');
});

test('packages include what a bootc system needs', () => {
  for (const p of ['systemd', 'systemd-sysv', 'linux-image-amd64', 'dracut', 'ostree', 'ostree-boot', 'openssh-server']) {
    assert.ok(PACKAGES.includes(p), p);
  }
});

test('mmdebstrap argv: root mode, minbase, tar output, overlay sync and customize hook', () => {
  const argv = mmdebstrapArgs({ overlayDir: '/w/overlay', customizeScript: '/w/c.sh', outputTar: '/w/r.tar' }, ['a', 'b']);
  assert.deepEqual(argv, ['mmdebstrap', '--mode=root', '--variant=minbase', '--format=tar', '--include=a,b',
    '--customize-hook=sync-in /w/overlay /', '--customize-hook=/w/c.sh', 'bookworm', '/w/r.tar']);
});

test('image config: bootc labels and /sbin/init', () => {
  assert.ok(IMAGE_CHANGES.includes('LABEL containers.bootc=1'));
  assert.ok(IMAGE_CHANGES.includes('LABEL ostree.bootable=1'));
  assert.ok(IMAGE_CHANGES.includes('CMD ["/sbin/init"]'));
});

test('base files: networkd DHCP, first-boot ssh keys, a valid install config declaring ext4', () => {
  const files = new Map(baseFiles().map((f) => [f.path, f.content]));
  assert.match(files.get('etc/systemd/network/20-wired.network')!, /Name=en\* eth\*[\s\S]*DHCP=yes/);
  assert.match(files.get('usr/lib/systemd/system/bootable-ssh-keygen.service')!, /ExecStart=\/usr\/bin\/ssh-keygen -A/);
  const install = files.get('usr/lib/bootc/install/00-bootable.toml')!;
  assert.deepEqual(validateInstallToml(install), []);
  assert.equal(declaredRootFs(install), 'ext4');
  for (const f of baseFiles()) assert.ok(!f.path.startsWith('/'), f.path);
});

test('customize script: kernel to /usr/lib/modules, ostree initramfs, empty /boot, no host keys, empty machine-id', () => {
  assert.match(CUSTOMIZE_SCRIPT, /dracut --force --no-hostonly --add ostree/);
  assert.match(CUSTOMIZE_SCRIPT, /usr\/lib\/modules\/\$kver\/vmlinuz/);
  assert.match(CUSTOMIZE_SCRIPT, /rm -rf "\$root"\/boot\/\*/);
  assert.match(CUSTOMIZE_SCRIPT, /rm -f "\$root"\/etc\/ssh\/ssh_host_\*/);
  assert.match(CUSTOMIZE_SCRIPT, /: > "\$root\/etc\/machine-id"/);
  assert.match(CUSTOMIZE_SCRIPT, /ln -sfn sysroot\/ostree "\$root\/ostree"/);
});

test('customize script: users and groups only in /etc/passwd and /etc/group get sysusers.d entries', async () => {
  const { execFileSync } = await import('node:child_process');
  const { cpSync, mkdtempSync, readFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
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
