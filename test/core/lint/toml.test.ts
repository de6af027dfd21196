// bootc TOML drop-ins: kargs.d and install config validation, path classification, findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixes, bootcTomlKind, lintBootcToml } from '../../../core/lint/index';
import { validateInstallToml, validateKargsToml } from '../../../core/lint/toml/index';

test('bootcTomlKind', () => {
  assert.equal(bootcTomlKind('usr/lib/bootc/kargs.d/10-a.toml'), 'kargs');
  assert.equal(bootcTomlKind('/work/proj/rootfs/usr/lib/bootc/install/00-x.toml'), 'install');
  assert.equal(bootcTomlKind('usr/lib/bootc/kargs.d/10-a.conf'), undefined);
  assert.equal(bootcTomlKind('config.toml'), undefined);
});

test('kargs: valid files pass', () => {
  assert.deepEqual(validateKargsToml('kargs = ["console=ttyS0,115200n8", "console=hvc0"]\n'), []);
  assert.deepEqual(validateKargsToml('# c\nkargs = [\n\t"a=b"\n]\nmatch-architectures = ["x86_64", "aarch64"]\n'), []);
});

test('kargs: wrong type, unknown key, missing kargs, arch aliases, syntax errors', () => {
  assert.match(validateKargsToml('kargs = "a b"\n')[0].message, /must be an array of strings/);
  const unknown = validateKargsToml('kargs = ["a"]\nmatch_architectures = ["x86_64"]\n');
  assert.match(unknown[0].message, /unknown key "match_architectures".*match-architectures/);
  assert.equal(unknown[0].line, 2);
  assert.match(validateKargsToml('match-architectures = ["x86_64"]\n')[0].message, /missing required key "kargs"/);
  assert.match(validateKargsToml('kargs = ["a"]\nmatch-architectures = ["amd64"]\n')[0].message, /never matches.*x86_64/);
  const syntax = validateKargsToml('kargs = ["a"\n');
  assert.match(syntax[0].message, /invalid TOML/);
  assert.ok(syntax[0].line);
  assert.match(validateKargsToml('kargs = ["a b"]\n')[0].message, /one argument/);
});

test('install config: valid files pass, problems are precise', () => {
  assert.deepEqual(validateInstallToml('[install.filesystem.root]\ntype = "xfs"\n[install]\nkargs = ["nosmt"]\n'), []);
  assert.deepEqual(validateInstallToml('[install]\nroot-fs-type = "btrfs"\n'), []);
  assert.deepEqual(validateInstallToml('[install]\nblock = ["direct", "tpm2-luks"]\nmatch_architectures = ["x86_64"]\n'), []);
  assert.match(validateInstallToml('[install.filesystem.root]\ntype = "zfs"\n')[0].message, /not one bootc installs/);
  assert.match(validateInstallToml('[install]\nblock = ["lvm"]\n')[0].message, /unknown backend "lvm"/);
  assert.match(validateInstallToml('[customizations]\nx = 1\n')[0].message, /unknown top-level table "customizations"/);
  assert.match(validateInstallToml('[install]\nkargs = "a"\n')[0].message, /install.kargs must be an array/);
  assert.match(validateInstallToml('[install]\nfoo = 1\n')[0].message, /unknown key install.foo/);
});

test('lintBootcToml: findings with rule id, file, 0-based ranges; settings apply', () => {
  const f = lintBootcToml('usr/lib/bootc/kargs.d/10-x.toml', 'kargs = ["a"]\nfoo = 1\n');
  assert.equal(f.length, 1);
  assert.equal(f[0].ruleId, 'bootc-kargs');
  assert.equal(f[0].source, 'bootable');
  assert.equal(f[0].file, 'usr/lib/bootc/kargs.d/10-x.toml');
  assert.deepEqual(f[0].range.start, { line: 1, character: 0 });
  assert.equal(lintBootcToml('usr/lib/bootc/install/x.toml', '[install]\nblock = 1\n')[0].ruleId, 'install-config');
  assert.deepEqual(lintBootcToml('usr/lib/bootc/kargs.d/10-x.toml', 'foo = 1\n', { settings: { 'bootc-kargs': 'off' } }), []);
  assert.deepEqual(lintBootcToml('elsewhere/x.toml', 'foo = 1\n'), []);
});

test('TOML quick fixes: an architecture alias and the other file kind\'s key spelling are rewritten, and the result is clean', () => {
  const kargsPath = '/x/usr/lib/bootc/kargs.d/10-a.toml';
  const kargs = 'kargs = ["console=ttyS0"]\nmatch_architectures = [\n  "amd64",\n]\n';
  let text = kargs;
  for (let round = 0; round < 3; round++) {
    const fixes = lintBootcToml(kargsPath, text).flatMap((f) => f.fixes ?? []);
    if (!fixes.length) break;
    text = applyFixes(text, fixes.slice(0, 1));
  }
  assert.equal(text, 'kargs = ["console=ttyS0"]\nmatch-architectures = [\n  "x86_64",\n]\n');
  assert.deepEqual(lintBootcToml(kargsPath, text), []);
  const install = '[install]\nmatch-architectures = ["arm64"]\n';
  const f = lintBootcToml('/x/usr/lib/bootc/install/00-a.toml', install);
  assert.equal(f[0]!.fixes?.[0]?.title, 'Write match_architectures');
  assert.equal(applyFixes(install, [f[0]!.fixes![0]!]), '[install]\nmatch_architectures = ["arm64"]\n');
});
