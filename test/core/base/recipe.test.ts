// The base image recipe as data: argv, files and the sysusers fragment of the customize script, run for real.
// What the built image contains (kernel in /usr/lib/modules, empty /boot, packages, labels) is checked on the
// image itself through podman in test/e2e/podman-base.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_IMAGE, CUSTOMIZE_SCRIPT, ESSENTIAL_SCRIPT, baseFiles, mmdebstrapArgs, recipeHash, recipeParts } from '../../../core/base/recipe';
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
  assert.equal(files.has('etc/hostname'), false, 'a static hostname would win over the per-VM one');
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
