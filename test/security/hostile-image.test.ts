// A hostile image, config and output directory run through the real CLI (`bootable disk`, dist/cli.cjs) as root
// (issue 11): the image's /etc/passwd, /etc/shadow, /etc/fstab, /home, /root and /var are links to "host" files
// outside the build tree, a config's home climbs out with "..", the output directory is a link or holds planted
// temp files and work dirs. Every canary outside the tree must keep its bytes, owner and mode; refusals are exit
// code 2 with a message naming the path, before the slow steps.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../core/util/process';

const root = process.env.BOOTABLE_ROOT ?? new URL('../..', import.meta.url).pathname;
const cli = join(root, 'dist/cli.cjs');
const BASE = 'localhost/bootable/debian-bootc:12';
const tag = randomBytes(3).toString('hex');
const ABS = `localhost/bootable-security-test/abs-links:${tag}`;
const ESCAPE = `localhost/bootable-security-test/escape:${tag}`;
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl t@e';
let dir: string;
let host: string; // the "host" files the image points at
let mnt: string; // a real mount point a planted work dir links to
const canaries = new Map<string, { bytes: Buffer; uid: number; gid: number; mode: number }>();

/** Mount points now (the test reads mountinfo itself, so it runs against any version of the builder). */
const mountPoints = () => new Set(readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4]));

function canary(rel: string, text: string) {
  const p = join(host, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  chownSync(p, 4242, 4343);
  const st = statSync(p);
  canaries.set(p, { bytes: Buffer.from(text), uid: st.uid, gid: st.gid, mode: st.mode });
}

function assertCanaries() {
  for (const [p, c] of canaries) {
    assert.ok(lstatSync(p).isFile(), `${p} is still a file`);
    assert.deepEqual(readFileSync(p), c.bytes, `${p}: same bytes`);
    const st = statSync(p);
    assert.deepEqual([st.uid, st.gid, st.mode], [c.uid, c.gid, c.mode], `${p}: same owner and mode`);
  }
  // Nothing new appeared among the host files (no home, no .ssh, no backup file).
  const listing = (d: string): string[] => readdirSync(d, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listing(join(d, e.name)) : [join(d, e.name)]));
  assert.deepEqual(listing(host).sort(), [...canaries.keys()].sort(), 'no new file among the host files');
}

function disk(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, 'disk', ...args], {
    encoding: 'utf8', timeout: 30 * 60_000, env: { ...process.env, BOOTABLE_CACHE_DIR: join(dir, 'cache'), ...env },
  });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

before(async () => {
  assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
  await run(['podman', 'image', 'exists', BASE], { hint: `build the base image first: node ${cli} base` });
  dir = mkdtempSync(join(tmpdir(), 'bootable-security-'));
  host = join(dir, 'host');
  for (const [rel, text] of [
    ['passwd', 'root:x:0:0:host root:/root:/bin/bash\n'], ['shadow', 'root:HOSTHASH:19000:0:99999:7:::\n'],
    ['fstab', '# host fstab\n'], ['homes/alice/.ssh/authorized_keys', 'host key\n'], ['root/.ssh/authorized_keys', 'host root key\n'],
    ['var/lib/state', 'host state\n'], ['output-target/keep', 'keep\n'], ['planted-manifest', 'planted\n'],
  ]) canary(rel, text);
  mnt = join(dir, 'a-mount');
  mkdirSync(mnt);
  await run(['mount', '-t', 'tmpfs', 'tmpfs', mnt]);

  // Absolute links: inside the tree they point into the tree (as in a chroot), never at the host.
  writeFileSync(join(dir, 'Containerfile.abs'), [
    `FROM ${BASE}`,
    `RUN ln -sfn ${host}/passwd /etc/passwd && ln -sfn ${host}/shadow /etc/shadow && ln -sfn ${host}/fstab /etc/fstab \\`,
    `    && rm -rf /home /root && ln -s ${host}/homes /home && ln -s ${host}/root /root \\`,
    `    && rm -rf /var && ln -s ${host}/var /var`,
  ].join('\n') + '\n');
  // A relative link that climbs out of the tree.
  writeFileSync(join(dir, 'Containerfile.escape'), `FROM ${BASE}\nRUN ln -sfn ../../../../../../../../../..${host}/shadow /etc/shadow\n`);
  await run(['podman', 'build', '-q', '-f', join(dir, 'Containerfile.abs'), '-t', ABS, dir], { timeoutMs: 10 * 60_000 });
  await run(['podman', 'build', '-q', '-f', join(dir, 'Containerfile.escape'), '-t', ESCAPE, dir], { timeoutMs: 10 * 60_000 });
  writeFileSync(join(dir, 'config.toml'), `[[customizations.user]]\nname = "alice"\npassword = "pw"\nkey = "${KEY}"\n`);
}, { timeout: 25 * 60_000 });

after(async () => {
  await run(['podman', 'rmi', '-f', ABS, ESCAPE], { okExitCodes: [0, 1, 125] });
  if (mnt) await run(['umount', mnt], { okExitCodes: [0, 32] });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('ostree mode: /etc/passwd -> a host file is refused before the ostree commit (exit 2, names the path)', { timeout: 10 * 60_000 }, () => {
  const started = Date.now();
  const r = disk([ABS, '--config', join(dir, 'config.toml'), '--output', join(dir, 'out-ostree')]);
  assert.equal(r.code, 2, r.out);
  assert.match(r.out, /\/etc\/passwd \(-> .*\/host\/passwd\) is on the read-only side of an ostree system/);
  assertCanaries();
  const logs = join(dir, 'cache/logs');
  for (const log of existsSync(logs) ? readdirSync(logs) : []) {
    assert.doesNotMatch(readFileSync(join(logs, log), 'utf8'), /ostree commit/, 'refused before the commit');
  }
  console.log(`# refused after ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('a relative link climbing out of the image (/etc/shadow -> ../../..) is refused, exit 2, naming /etc/shadow', { timeout: 10 * 60_000 }, () => {
  for (const mode of ['ostree', 'plain']) {
    const r = disk([ESCAPE, '--mode', mode, '--config', join(dir, 'config.toml'), '--output', join(dir, `out-escape-${mode}`)]);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /the image's path \/etc\/shadow climbs above the root of the image: refused/);
    assertCanaries();
  }
});

test('a config home with ".." is refused at validation (exit 2, names the key)', () => {
  const config = join(dir, 'dotdot.toml');
  writeFileSync(config, `[[customizations.user]]\nname = "bob"\nkey = "${KEY}"\nhome = "/home/../../../../../../..${host}/homes/alice"\n`);
  const r = disk([ESCAPE, '--config', config, '--output', join(dir, 'out-dotdot')]);
  assert.equal(r.code, 2, r.out);
  assert.match(r.out, /customizations\.user\[0\]\.home: .* must be a clean absolute path/);
  assertCanaries();
});

test('a symlinked output directory, or a link inside it, is refused (exit 2)', () => {
  const link = join(dir, 'out-link');
  symlinkSync(join(host, 'output-target'), link);
  let r = disk([ESCAPE, '--output', link]);
  assert.equal(r.code, 2, r.out);
  assert.match(r.out, /output path .*out-link is a symbolic link \(to .*output-target\): refused/);
  const out = join(dir, 'out-sub');
  mkdirSync(out);
  symlinkSync(join(host, 'output-target'), join(out, 'qcow2'));
  r = disk([ABS, '--mode', 'plain', '--output', out]);
  assert.equal(r.code, 2, r.out);
  assert.match(r.out, /output path .*out-sub\/qcow2 is a symbolic link/);
  assertCanaries();
});

test('plain mode through every absolute link: the disk is built, the writes stay in the tree, planted files are ignored', { timeout: 30 * 60_000 }, () => {
  const out = join(dir, 'out-plain');
  mkdirSync(out);
  // Planted by a repository: a temp manifest link, and a "leftover" work dir whose mnt-1 links to a real mount.
  symlinkSync(join(host, 'planted-manifest'), join(out, 'manifest-qcow2.json.tmp'));
  const planted = join(out, '.bootable-build-zzzzzz');
  mkdirSync(planted);
  writeFileSync(join(planted, 'owner.json'), JSON.stringify({ pid: 999_999_999, startTicks: '1' }));
  symlinkSync(mnt, join(planted, 'mnt-1'));
  symlinkSync(host, join(planted, 'sysroot'));
  const old = new Date(Date.now() - 3_600_000);
  utimesSync(planted, old, old);

  // --plan first: its step ids (keyed with this machine's secret) must be the build's own (issue 11 item 6).
  const planned = spawnSync(process.execPath, [cli, 'disk', ABS, '--mode', 'plain', '--config', join(dir, 'config.toml'), '--output', out, '--plan'], {
    encoding: 'utf8', env: { ...process.env, BOOTABLE_CACHE_DIR: join(dir, 'cache') },
  });
  assert.equal(planned.status, 0, planned.stderr);
  const plan = JSON.parse(planned.stdout) as { steps: { id: string }[]; cacheKey: string };
  const r = disk([ABS, '--mode', 'plain', '--config', join(dir, 'config.toml'), '--output', out]);
  assert.equal(r.code, 0, r.out);
  assertCanaries();
  assert.ok(mountPoints().has(mnt), 'the mount a planted link named is still mounted');
  assert.ok(!existsSync(planted), 'the planted (real, our own) dir was cleaned, without following its links');
  assert.ok(statSync(join(out, 'qcow2/disk.qcow2')).size > 0);
  const manifest = readFileSync(join(out, 'manifest-qcow2.json'), 'utf8');
  assert.doesNotMatch(manifest, /passwordHash|\$6\$/, 'no password hash in the manifest');
  const built = JSON.parse(manifest) as { steps: { id: string }[]; cacheKey: string };
  assert.equal(built.cacheKey, plan.cacheKey);
  assert.deepEqual(built.steps.map((s) => s.id), plan.steps.map((s) => s.id), '--plan shows the ids the build used');
  assert.equal(lstatSync(join(out, 'manifest-qcow2.json')).isFile(), true);
});
