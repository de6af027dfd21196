// bootc-image-builder parity of the config validator: each case is a config and bootc-image-builder's verdict,
// taken from its tests (test/testutil.py, test/test_build_disk.py) and from osbuild/blueprint's and
// osbuild/images' checks (datasizes, fsnode, disk customizations, group validation, blueprintload).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../core/builder/config/load';
import { ConfigError } from '../../../core/errors';
import { ConfigErrors } from '../../../core/builder/config/check';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@example';

/** Refused: the problems (`key: problem`, joined by "; ") start with `prefix`. */
function refused(text: string, file: string, prefix: string) {
  assert.throws(() => parseConfigText(text, file), (e: unknown) => {
    assert.ok(e instanceof ConfigError, `got ${e}`);
    assert.equal(e.exitCode, 2);
    const all = e instanceof ConfigErrors ? e.problems.map((p) => `${p.path}: ${p.problem}`).join('; ') : e.message;
    assert.ok(all.startsWith(prefix), `problems: ${all}\nexpected to start with: ${prefix}`);
    return true;
  });
}

test('bootc-image-builder\'s own filesystem test config (/var/data, nested /var/data/test, /var/opt) is accepted', () => {
  const c = parseConfigText(JSON.stringify({ customizations: { filesystem: [
    { mountpoint: '/', minsize: '12 GiB' }, { mountpoint: '/var/data', minsize: '3 GiB' },
    { mountpoint: '/var/data/test', minsize: '1 GiB' }, { mountpoint: '/var/opt', minsize: '2 GiB' },
  ] } }), 'config.json');
  assert.deepEqual(c.filesystems.map((f) => [f.mountpoint, f.minsize / 2 ** 30]), [['/', 12], ['/var/data', 3], ['/var/data/test', 1], ['/var/opt', 2]]);
  // bib warns "customizations.filesystem: not supported" for bootc disks and applies it: bootable says the same.
  assert.equal(c.warnings.length, 1);
  assert.match(c.warnings[0].message, /not supported for disk images \(applied/);
});

test('bootc-image-builder\'s disk test configs: swap and btrfs accepted by the validator, lvm refused with why', () => {
  const swap = parseConfigText(JSON.stringify({ customizations: { disk: { partitions: [{ minsize: '123 MiB', fs_type: 'swap' }] } } }), 'config.json');
  assert.deepEqual(swap.disk, { type: 'gpt', minsize: 0, partitions: [{ type: 'plain', minsize: 123 * 2 ** 20, fsType: 'swap', label: undefined, key: 'customizations.disk.partitions[0]' }] });
  const btrfs = parseConfigText(JSON.stringify({ customizations: { disk: { partitions: [
    { type: 'btrfs', minsize: '10 GiB', subvolumes: [{ name: 'varlog', mountpoint: '/var/log' }] }] } } }), 'config.json');
  assert.deepEqual(btrfs.disk?.partitions[0], { type: 'btrfs', minsize: 10 * 2 ** 30, subvolumes: [{ name: 'varlog', mountpoint: '/var/log' }], key: 'customizations.disk.partitions[0]' });
  refused(JSON.stringify({ customizations: { disk: { partitions: [{ type: 'lvm', minsize: '10 GiB', logical_volumes: [
    { fs_type: 'xfs', minsize: '1 GiB', mountpoint: '/var/log' }, { minsize: '7 GiB', fs_type: 'swap' }] }] } } }), 'config.json',
  'customizations.disk.partitions[0].type: LVM is not supported by bootable: it builds disks from files without device-mapper');
});

test('bootc-image-builder\'s files/directories test config is accepted', () => {
  const c = parseConfigText(JSON.stringify({ customizations: {
    files: [{ path: '/etc/some-file', data: 'some-data' }], directories: [{ path: '/etc/some-dir' }] } }), 'config.json');
  assert.deepEqual(c.files, [{ path: '/etc/some-file', data: 'some-data', mode: undefined, user: undefined, group: undefined }]);
  assert.deepEqual(c.directories, [{ path: '/etc/some-dir', mode: undefined, user: undefined, group: undefined, ensureParents: false }]);
});

test('files and directories: modes, owners and paths as osbuild checks them', () => {
  const c = parseConfigText([
    '[[customizations.files]]', 'path = "/etc/widget.conf"', 'data = "a=1\\n"', 'mode = "0600"', 'user = "root"', 'group = 0',
    '[[customizations.files]]', 'path = "/usr/local/bin/hello"', 'mode = "755"',
    '[[customizations.directories]]', 'path = "/etc/widget.d/sub"', 'mode = "0750"', 'user = 1000', 'ensure_parents = true',
  ].join('\n'), 'config.toml');
  assert.deepEqual(c.files.map((f) => [f.path, f.mode, f.user, f.group]), [['/etc/widget.conf', 0o600, 'root', 0], ['/usr/local/bin/hello', 0o755, undefined, undefined]]);
  assert.deepEqual(c.directories[0], { path: '/etc/widget.d/sub', mode: 0o750, user: 1000, group: undefined, ensureParents: true });
  const file = (extra: string) => `[[customizations.files]]\n${extra}\n`;
  refused(file('path = "/etc/x"\nmode = "rw-r--r--"'), 'config.toml', 'customizations.files[0].mode: invalid mode "rw-r--r--"');
  refused(file('path = "/etc/x"\nmode = "10644"'), 'config.toml', 'customizations.files[0].mode: invalid mode');
  refused(file('path = "/etc/../x"'), 'config.toml', 'customizations.files[0].path: "/etc/../x" must be canonical');
  refused(file('path = "/etc/x/"'), 'config.toml', 'customizations.files[0].path: "/etc/x/" must not end with a slash');
  refused(file('path = "etc/x"'), 'config.toml', 'customizations.files[0].path: "etc/x" must be absolute');
  refused(file('path = "/etc/x"\nuser = "bad name"'), 'config.toml', 'customizations.files[0].user: user name "bad name" is not valid');
  refused(file('path = "/etc/x"\nuri = "file:///etc/hosts"'), 'config.toml', 'customizations.files[0].uri: not supported by bootable');
  // ostree policies: files only in /etc, /root, /usr/local/{bin,sbin}; never the account files or fstab.
  refused(file('path = "/usr/bin/x"') + file('path = "/etc/passwd"'), 'config.toml',
    'customizations.files[0].path: path "/usr/bin/x" is not allowed (files only under /etc, /root, /usr/local/bin, /usr/local/sbin on bootc disks; never /etc/fstab, shadow, passwd, group); customizations.files[1].path: path "/etc/passwd" is not allowed');
  refused('[[customizations.directories]]\npath = "/var/lib/x"\n', 'config.toml', 'customizations.directories[0].path: path "/var/lib/x" is not allowed');
  refused(file('path = "/etc/x"') + '[[customizations.directories]]\npath = "/etc/x"\n', 'config.toml', 'customizations.files[0].path: duplicate files / directories path "/etc/x"');
  refused(file('path = "/etc/x"') + file('path = "/etc/x/y"'), 'config.toml', 'customizations.files[1].path: "/etc/x/y" is inside "/etc/x", which is a file');
});

test('accepted though bootc-image-builder rejects them: no more', () => {
  // btrfs with /var/* mountpoints is refused when planning (the root filesystem type is known there): plan tests.
  refused('[[customizations.group]]\nname = "a"\ngid = 2000\n[[customizations.group]]\nname = "b"\ngid = 2000\n', 'config.toml',
    'customizations.group[1].gid: duplicate group ID 2000 (also group "a")');
  for (const size of ['20 gib', '4096 B', '1 KB', '2 mb']) {
    refused(`[[customizations.filesystem]]\nmountpoint = "/"\nminsize = "${size}"\n`, 'config.toml', `customizations.filesystem[0].minsize: the string "${size}" is not a size`);
  }
  refused('[blueprint.customizations.kernel]\nappend = "quiet"\n', 'config.toml', 'blueprint: the {"blueprint": …} wrapper is read from JSON configs only');
  // …while the JSON wrapper (bib's legacy format) still works.
  assert.deepEqual(parseConfigText('{"blueprint": {"customizations": {"kernel": {"append": "quiet"}}}}', 'config.json').kernelAppend, ['quiet']);
  for (const name of ['config.yaml', 'config', 'config.TOML', 'config.txt']) {
    refused('[customizations.kernel]\nappend = "quiet"\n', name, `${name}: unsupported file extension`);
  }
});

test('messages: size says use minsize, 0 is "greater than 0", every bad mountpoint is listed', () => {
  refused('{"customizations": {"filesystem": [{"mountpoint": "/", "size": "10 GiB"}]}}', 'config.json', 'customizations.filesystem[0].size: not read from JSON configs by bootc-image-builder: use minsize');
  refused('[[customizations.filesystem]]\nmountpoint = "/"\nsize = "1 GiB"\nminsize = "2 GiB"\n', 'config.toml', 'customizations.filesystem[0].size: size and minsize cannot both be set');
  refused('[[customizations.filesystem]]\nmountpoint = "/"\nminsize = "0 GiB"\n', 'config.toml', 'customizations.filesystem[0].minsize: must be greater than 0');
  refused('[[customizations.filesystem]]\nmountpoint = "/"\nminsize = 0\n', 'config.toml', 'customizations.filesystem[0].minsize: must be greater than 0');
  refused([
    '[[customizations.filesystem]]', 'mountpoint = "/usr"', 'minsize = "1 GiB"',
    '[[customizations.filesystem]]', 'mountpoint = "/var/log"', 'minsize = "1 GiB"',
    '[[customizations.filesystem]]', 'mountpoint = "/var"', 'minsize = "1 GiB"',
    '[[customizations.filesystem]]', 'mountpoint = "/var/data/"', 'minsize = "1 GiB"',
  ].join('\n'), 'config.toml',
  'customizations.filesystem[0].mountpoint: path "/usr" is not allowed (allowed: /, /boot and subdirectories of /var except /var/home /var/lock /var/mail /var/mnt /var/roothome /var/run /var/srv /var/usrlocal); '
  + 'customizations.filesystem[2].mountpoint: path "/var" is not allowed (allowed: /, /boot and subdirectories of /var except /var/home /var/lock /var/mail /var/mnt /var/roothome /var/run /var/srv /var/usrlocal); '
  + 'customizations.filesystem[3].mountpoint: path "/var/data/" must be canonical (allowed: /, /boot and subdirectories of /var except');
});

test('missing before, accepted now: size (TOML), users without login, expiredate, force_password_reset, kernel.name, sshkey', () => {
  const c = parseConfigText([
    '[[customizations.filesystem]]', 'mountpoint = "/var/data"', 'size = "2 GiB"',
    '[[customizations.user]]', 'name = "widget"', 'home = "/srv/widget/"', 'uid = 1500',
    '[[customizations.user]]', 'name = "alice"', 'password = "changeme"', 'expiredate = 20000', 'force_password_reset = true',
    '[customizations.kernel]', 'name = "kernel"',
    '[[customizations.sshkey]]', 'user = "root"', `key = "${KEY}"`,
  ].join('\n'), 'config.toml');
  assert.deepEqual(c.filesystems[0].minsize, 2 * 2 ** 30);
  // sshkey users come first (bootc-image-builder prepends them), then the user entries.
  assert.deepEqual(c.users.map((u) => u.name), ['root', 'widget', 'alice']);
  assert.deepEqual(c.users[0].keys, [KEY]);
  assert.equal(c.users[1].home, '/srv/widget');
  assert.equal(c.users[1].password, undefined);
  assert.equal(c.users[2].expiredate, 20000);
  assert.equal(c.users[2].forcePasswordReset, true);
  assert.equal(c.kernelName, 'kernel');
  assert.deepEqual(c.warnings.map((w) => w.path), ['customizations.sshkey', 'customizations.filesystem']);
  assert.match(c.warnings[0].message, /applied: legacy/);
  refused('[[customizations.sshkey]]\nuser = "root"\nkey = "nope"\n', 'config.toml', 'customizations.sshkey[0].key: not an SSH public key');
});

test('keys bootc-image-builder knows: one consistent treatment (applied, ignored with its warning, or refused with why)', () => {
  const c = parseConfigText('packages = [{name = "vim"}]\n[customizations]\nhostname = "web"\n[customizations.services]\nenabled = ["httpd"]\n', 'config.toml');
  assert.deepEqual(c.warnings.map((w) => w.path), ['packages', 'customizations.hostname', 'customizations.services']);
  for (const w of c.warnings) assert.match(w.message, /^not supported for disk images \(ignored: .*bootc-image-builder ignores it for disk images/);
  // Empty values are unset, as for bootc-image-builder.
  assert.deepEqual(parseConfigText('packages = []\n', 'config.toml').warnings, []);
  refused('[customizations.ignition.firstboot]\nurl = "http://example.com/x.ign"\n', 'config.toml',
    'customizations.ignition: known to bootc-image-builder but not supported by bootable\'s disk builder');
  refused('[customizations]\nhostnme = "web"\n', 'config.toml', 'customizations.hostnme: unknown key (allowed: user, group, kernel, filesystem');
  refused('[[customizations.user]]\nname = "a"\nexpire = 1\n', 'config.toml', 'customizations.user[0].expire: unknown key');
});

test('customizations.disk: bootc-image-builder\'s checks', () => {
  const disk = (parts: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ customizations: { disk: { ...extra, partitions: parts } } });
  const c = parseConfigText(disk([{ mountpoint: '/var/data', fs_type: 'ext4', minsize: '1 GiB', label: 'data', part_label: 'data' }], { minsize: '20 GiB' }), 'config.json');
  assert.equal(c.disk?.minsize, 20 * 2 ** 30);
  assert.deepEqual(c.disk?.partitions[0], { type: 'plain', minsize: 2 ** 30, mountpoint: '/var/data', fsType: 'ext4', label: 'data', partLabel: 'data', key: 'customizations.disk.partitions[0]' });
  refused(disk([{ mountpoint: '/var/data', fs_type: 'ext4' }]), 'config.json', 'customizations.disk.partitions[0].minsize: required');
  refused(disk([{ mountpoint: '/var/data', fs_type: 'ext3', minsize: 1e9 }]), 'config.json', 'customizations.disk.partitions[0].fs_type: unknown or invalid filesystem type (fs_type) for mountpoint "/var/data": ext3');
  refused(disk([{ mountpoint: '/var/data', minsize: 1e9 }]), 'config.json', 'customizations.disk.partitions[0].fs_type: unknown or invalid filesystem type');
  refused(disk([{ mountpoint: '/swap', fs_type: 'swap', minsize: 1e9 }]), 'config.json', 'customizations.disk.partitions[0].mountpoint: mountpoint for swap partition must be empty');
  refused(disk([{ mountpoint: '/var/a', fs_type: 'ext4', minsize: 1e9 }, { mountpoint: '/var/a', fs_type: 'xfs', minsize: 1e9 }]), 'config.json', 'customizations.disk.partitions[1].mountpoint: duplicate mountpoint "/var/a"');
  refused(disk([{ mountpoint: '/boot', fs_type: 'vfat', minsize: 1e9 }]), 'config.json', 'customizations.disk.partitions[0].fs_type: unsupported filesystem type for "/boot": vfat');
  refused(disk([{ mountpoint: '/var/a', fs_type: 'ext4', minsize: 1e9, subvolumes: [] }]), 'config.json', 'customizations.disk.partitions[0].subvolumes: unknown key');
  refused(disk([{ type: 'zfs', minsize: 1e9 }]), 'config.json', 'customizations.disk.partitions[0].type: unknown partition type: zfs');
  refused(disk([], { type: 'apm' }), 'config.json', 'customizations.disk.type: unknown partition table type: apm (valid: gpt, dos)');
  refused(disk([{ mountpoint: '/var/a', fs_type: 'ext4', minsize: 1e9, part_type: '83' }]), 'config.json', 'customizations.disk.partitions[0].part_type: invalid partition part_type "83" for partition table type "gpt"');
  refused(disk([{ type: 'btrfs', minsize: 1e9, subvolumes: [{ name: 'a', mountpoint: '/var/a' }] }, { type: 'btrfs', minsize: 1e9, subvolumes: [{ name: 'b', mountpoint: '/var/b' }] }]),
    'config.json', 'customizations.disk.partitions[1]: multiple btrfs volumes are not yet supported');
  refused(disk([{ type: 'btrfs', minsize: 1e9, subvolumes: [] }]), 'config.json', 'customizations.disk.partitions[0].subvolumes: btrfs volume requires subvolumes');
  refused(JSON.stringify({ customizations: { disk: { partitions: [] }, filesystem: [{ mountpoint: '/', minsize: 1e9 }] } }), 'config.json', 'customizations.disk: cannot combine disk and filesystem customizations');
});
