import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageRules } from '../../../../core/lint/image/rules/index';
import { lintImageTree } from '../../../../core/lint/image/lint';
import { composefsEnabled } from '../../../../core/lint/image/rules/baseimage-composefs';
import { passingRoot, tree, withSpecs, without, type Spec } from './fixture';

function ids(specs: Spec[], labels?: Record<string, string>): string[] {
  return lintImageTree(tree(specs, { labels })).map((f) => f.ruleId);
}
function messages(specs: Spec[], rule: string): string[] {
  return lintImageTree(tree(specs)).filter((f) => f.ruleId === rule).map((f) => f.message);
}

test('rule catalogue: unique kebab-case ids, every rule documented, bootc names present', () => {
  const seen = new Set<string>();
  for (const r of imageRules) {
    assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(!seen.has(r.id), `duplicate ${r.id}`);
    seen.add(r.id);
    assert.ok(r.docs.length > 60 && r.summary.length > 10, r.id);
    assert.equal(r.kind, 'image');
  }
  for (const bootc of ['var-run', 'etc-usretc', 'bootc-kargs', 'kernel', 'utf8', 'api-base-directories', 'baseimage-root',
    'baseimage-composefs', 'var-log', 'var-tmpfiles', 'sysusers', 'nonempty-boot', 'nonempty-run-tmp', 'buildah-injected']) {
    assert.ok(seen.has(bootc), bootc);
  }
});

test('the passing root has no findings', () => {
  assert.deepEqual(lintImageTree(tree(passingRoot())), []);
});

test('var-run: a directory fails, the symlink passes', () => {
  const bad = withSpecs(passingRoot(), { path: 'var/run', type: 'dir' });
  assert.deepEqual(messages(bad, 'var-run'), ['Not a symlink: /var/run']);
});

test('etc-usretc: /usr/etc next to /etc', () => {
  assert.deepEqual(ids(withSpecs(passingRoot(), { path: 'usr/etc', type: 'dir' })), ['etc-usretc']);
});

test('kernel / no-kernel / kernel-initramfs', () => {
  const two = withSpecs(passingRoot(), { path: 'usr/lib/modules/6.2.0', type: 'dir' },
    { path: 'usr/lib/modules/6.2.0/vmlinuz', content: 'k2', layer: 1 },
    { path: 'usr/lib/modules/6.2.0/initramfs.img', content: 'i2', layer: 1 });
  assert.deepEqual(messages(two, 'kernel'), ['Multiple kernels found: 6.1.0-1-amd64, 6.2.0']);
  const none = without(passingRoot(), 'usr/lib/modules/6.1.0-1-amd64');
  assert.deepEqual(ids(none), ['no-kernel']);
  const inBoot = withSpecs(none, { path: 'boot/vmlinuz-6.1.0', content: 'k' });
  assert.match(messages(inBoot, 'no-kernel')[0]!, /found \/boot\/vmlinuz-6\.1\.0/);
  assert.deepEqual(ids(without(passingRoot(), 'usr/lib/modules/6.1.0-1-amd64/initramfs.img')), ['kernel-initramfs']);
});

test('utf8, api-base-directories, baseimage-root', () => {
  assert.deepEqual(ids(withSpecs(passingRoot(), { path: 'usr/bad\ufffd', utf8: false })), ['utf8']);
  assert.deepEqual(messages(without(passingRoot(), 'proc'), 'api-base-directories'), ['Missing API filesystem base directory: /proc']);
  assert.deepEqual(messages(withSpecs(passingRoot(), { path: 'tmp', type: 'symlink', linkname: 'var/tmp' }), 'api-base-directories'),
    ['Expected directory for API filesystem base directory: /tmp']);
  assert.deepEqual(messages(without(passingRoot(), 'sysroot'), 'baseimage-root'), ['Missing /sysroot']);
  assert.deepEqual(messages(withSpecs(passingRoot(), { path: 'ostree', type: 'symlink', linkname: '/sysroot/ostree' }), 'baseimage-root'),
    ['Expected /ostree -> sysroot/ostree, not "/sysroot/ostree"']);
});

test('baseimage-composefs: missing file or composefs disabled', () => {
  assert.deepEqual(ids(without(passingRoot(), 'usr/lib/ostree/prepare-root.conf')), ['baseimage-composefs']);
  assert.deepEqual(ids(withSpecs(passingRoot(), { path: 'usr/lib/ostree/prepare-root.conf', content: '[composefs]\nenabled = no\n' })),
    ['baseimage-composefs']);
  assert.equal(composefsEnabled('[sysroot]\nenabled = yes\n[composefs]\n# x\nenabled=maybe\n'), 'maybe');
});

test('var-log: non-empty files only', () => {
  assert.deepEqual(messages(withSpecs(passingRoot(), { path: 'var/log/empty.log', content: '' }), 'var-log'), []);
  assert.deepEqual(messages(withSpecs(passingRoot(), { path: 'var/log/dpkg.log', content: 'x' }), 'var-log'),
    ['Found non-empty logfiles: /var/log/dpkg.log']);
});

test('var-tmpfiles: uncovered directories (top-most only) and files; a tmpfiles.d line fixes it', () => {
  const bad = withSpecs(passingRoot(), { path: 'var/lib/myapp', type: 'dir' }, { path: 'var/lib/myapp/data', type: 'dir' },
    { path: 'var/lib/myapp/data/db', content: 'x' });
  assert.deepEqual(messages(bad, 'var-tmpfiles'), ['Found content in /var missing systemd tmpfiles.d entries: /var/lib/myapp']);
  const fixed = withSpecs(bad, { path: 'usr/lib/tmpfiles.d/myapp.conf', content: 'd /var/lib/myapp 0755 root root -\nd /var/lib/myapp/data - - - -\n' });
  assert.deepEqual(messages(fixed, 'var-tmpfiles'), ['Found non-directory/non-symlink files in /var: /var/lib/myapp/data/db']);
});

test('sysusers: users and groups without sysusers.d entries, blamed on the layer that added them', () => {
  const specs = withSpecs(passingRoot(),
    { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\n', layer: 2 },
    { path: 'etc/group', content: 'root:x:0:\napp:x:1000:\n', layer: 2 });
  const t = tree(specs, { layers: 3 });
  // The older version of /etc/passwd (layer 0) had only root.
  t.versions('etc/passwd').unshift({ layer: 0, content: Buffer.from('root:x:0:0:root:/root:/bin/bash\n') });
  const found = lintImageTree(t).filter((f) => f.ruleId === 'sysusers');
  assert.deepEqual(found.map((f) => f.message), [
    'Found /etc/passwd entry without corresponding systemd sysusers.d: app',
    'Found /etc/group entry without corresponding systemd sysusers.d: app',
  ]);
  const fixed = withSpecs(specs, { path: 'usr/lib/sysusers.d/app.conf', content: 'u app 1000 "App" /home/app\n' });
  assert.deepEqual(ids(fixed), []);
});

test('nonempty-boot, nonempty-run-tmp, buildah-injected', () => {
  assert.deepEqual(messages(withSpecs(passingRoot(), { path: 'boot/initrd.img', content: 'x' }), 'nonempty-boot'),
    ['Found non-empty /boot: /boot/initrd.img']);
  assert.deepEqual(messages(without(passingRoot(), 'boot'), 'nonempty-boot'), ['Missing /boot directory']);
  assert.deepEqual(messages(withSpecs(passingRoot(), { path: 'run/left', content: 'x' }, { path: 'tmp/x', content: '' }), 'nonempty-run-tmp'),
    ['Found content in /run or /tmp: /run/left, /tmp/x']);
  assert.deepEqual(ids(withSpecs(passingRoot(), { path: 'run/.containerenv', content: '' })), []);
  assert.deepEqual(ids(withSpecs(passingRoot(), { path: 'etc/hostname', content: '' })), ['buildah-injected']);
  assert.deepEqual(ids(withSpecs(passingRoot(), { path: 'etc/resolv.conf', content: '' })), ['buildah-injected']);
});

test('bootc-kargs and install-config validate the TOML drop-ins', () => {
  const kargs = withSpecs(passingRoot(), { path: 'usr/lib/bootc', type: 'dir' }, { path: 'usr/lib/bootc/kargs.d', type: 'dir' },
    { path: 'usr/lib/bootc/kargs.d/10-console.toml', content: 'kargs = "console=ttyS0"\n' },
    { path: 'usr/lib/bootc/kargs.d/README', content: 'not toml, ignored' });
  const m = messages(kargs, 'bootc-kargs');
  assert.equal(m.length, 1);
  assert.match(m[0]!, /^\/usr\/lib\/bootc\/kargs\.d\/10-console\.toml:1: kargs must be an array of strings/);
  const ok = withSpecs(kargs, { path: 'usr/lib/bootc/kargs.d/10-console.toml', content: 'kargs = ["console=ttyS0"]\n' });
  assert.deepEqual(ids(ok), []);
  const install = withSpecs(passingRoot(), { path: 'usr/lib/bootc', type: 'dir' }, { path: 'usr/lib/bootc/install', type: 'dir' },
    { path: 'usr/lib/bootc/install/00-x.toml', content: '[install.filesystem.root]\ntype = "zfs"\n' });
  assert.deepEqual(ids(install), ['install-config']);
});

test('bootc-label: containers.bootc=1 or ostree.bootable', () => {
  assert.deepEqual(ids(passingRoot(), {}), ['bootc-label']);
  assert.deepEqual(ids(passingRoot(), { 'ostree.bootable': 'true' }), []);
});

test('settings: a rule can be turned off or its severity changed', () => {
  const bad = withSpecs(passingRoot(), { path: 'var/run', type: 'dir' });
  assert.deepEqual(lintImageTree(tree(bad), { settings: { 'var-run': 'off' } }), []);
  assert.equal(lintImageTree(tree(bad), { settings: { 'var-run': 'warning' } })[0]!.severity, 'warning');
});
