// The base image recipe as data: argv, files and the sysusers fragment of the customize script, run for real.
// What the built image contains (kernel in /usr/lib/modules, empty /boot, packages, labels) is checked on the
// image itself through podman in test/e2e/podman-base.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_IMAGE, CUSTOMIZE_SCRIPT, baseFiles, mmdebstrapArgs } from '../../../core/base/recipe';
import { validateInstallToml, declaredRootFs } from '../../../core/lint/toml/index';

test('the examples build FROM the base image bootable makes', () => {
  const root = process.env.BOOTABLE_ROOT ?? process.cwd();
  for (const ex of readdirSync(join(root, 'examples'))) {
    const file = join(root, 'examples', ex, 'Containerfile');
    if (!existsSync(file)) continue;
    assert.deepEqual(readFileSync(file, 'utf8').match(/^FROM \S+/gm), [`FROM ${BASE_IMAGE}`], file);
  }
});

test('mmdebstrap argv: root mode, minbase, tar output, overlay sync and customize hook', () => {
  const argv = mmdebstrapArgs({ overlayDir: '/w/overlay', customizeScript: '/w/c.sh', outputTar: '/w/r.tar' }, ['a', 'b']);
  assert.deepEqual(argv, ['mmdebstrap', '--mode=root', '--variant=minbase', '--format=tar', '--include=a,b',
    '--customize-hook=sync-in /w/overlay /', '--customize-hook=/w/c.sh', 'bookworm', '/w/r.tar']);
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
