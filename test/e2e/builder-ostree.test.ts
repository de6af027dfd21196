// The builder end to end: the LAMP example's disk (ostree mode), booted under TCG with BIOS and with UEFI;
// HTTP 200 from the guest, SSH as the configured user with the configured key, the quick start's checks inside.
// One disk is built and shared by all tests in this file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildDisk, type BuildDiskResult } from '../../core/builder';
import { run } from '../../core/util/process';
import { bootDisk, makeSshKey, sshRun, waitForHttp } from './builder-qemu';

const root = process.env.BOOTABLE_ROOT ?? new URL('../..', import.meta.url).pathname;
// A tag of this run's own, removed in after() (the layers stay in podman's build cache).
const LAMP = `localhost/bootable-builder-test/lamp:${randomBytes(3).toString('hex')}`;
// A canary: it must appear nowhere on the disk (only its SHA-512 crypt hash may).
const PASSWORD = 'Canary-Plaintext-7f3a91c2';
const BOOT_TIMEOUT = 15 * 60_000;

let dir: string;
let key: string;
let built: BuildDiskResult;
let coldSeconds = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bootable-builder-e2e-'));
  await run(['podman', 'build', '-q', '-t', LAMP, join(root, 'examples/lamp')], { timeoutMs: 20 * 60_000 });
  const k = await makeSshKey(dir);
  key = k.key;
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ blueprint: { customizations: {
    user: [{ name: 'cloud-user', password: PASSWORD, key: k.pub, groups: ['wheel'] }],
    kernel: { append: 'bootable.test=1' },
  } } }));
  const t0 = Date.now();
  built = await buildDisk({ image: LAMP, types: ['qcow2', 'raw'], config, output: join(dir, 'output'), cacheDir: join(dir, 'cache') });
  coldSeconds = (Date.now() - t0) / 1000;
  console.log(`# cold disk build of ${LAMP}: ${coldSeconds.toFixed(1)} s`);
}, { timeout: 40 * 60_000 });

after(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await run(['podman', 'rmi', '--ignore', LAMP]);
});

test('outputs are laid out like bootc-image-builder, with the manifest, and nothing else is left', () => {
  const out = join(dir, 'output');
  assert.equal(built.cached, false);
  assert.equal(built.plan.mode, 'ostree');
  for (const p of ['qcow2/disk.qcow2', 'image/disk.raw', 'manifest-qcow2.json', 'manifest-raw.json']) assert.ok(existsSync(join(out, p)), p);
  assert.equal(statSync(join(out, 'image/disk.raw')).size, built.plan.disk.sizeBytes);
  const leftovers = readdirSync(out).filter((n) => n.startsWith('.bootable-build-'));
  assert.deepEqual(leftovers, []);
});


test('the GPT on the raw disk is the planned one', async () => {
  const { stdout } = await run(['sgdisk', '-p', join(dir, 'output/image/disk.raw')]);
  for (const p of built.plan.disk.partitions) {
    const end = p.startSector + p.sizeSectors - 1;
    assert.match(stdout, new RegExp(`^\\s+${p.number}\\s+${p.startSector}\\s+${end}\\s.*\\s${p.typeCode}\\s+${p.name}\\s*$`, 'm'));
  }
});

test('security: the plaintext password is nowhere on the raw disk, nor in the manifest', async () => {
  const raw = join(dir, 'output/image/disk.raw');
  // grep -c exits 1 for zero matches; the canary is passed on stdin-free argv since it is a test value.
  const r = await run(['grep', '-c', '-a', '-F', PASSWORD, raw], { okExitCodes: [0, 1], timeoutMs: 10 * 60_000 });
  assert.equal(r.stdout.trim(), '0');
  const manifest = await run(['grep', '-c', '-F', PASSWORD, built.manifestPath], { okExitCodes: [0, 1] });
  assert.equal(manifest.stdout.trim(), '0');
  // …while the user's hash is there, so the check is not vacuous.
  assert.match(built.plan.users[0].passwordHash ?? '', /^\$6\$/);
});

test('a repeated build reuses the cached result', async () => {
  const t0 = Date.now();
  const again = await buildDisk({ image: LAMP, types: ['qcow2', 'raw'], config: join(dir, 'config.json'),
    output: join(dir, 'output'), cacheDir: join(dir, 'cache') });
  const warm = (Date.now() - t0) / 1000;
  console.log(`# warm repeat: ${warm.toFixed(2)} s (cold ${coldSeconds.toFixed(1)} s)`);
  assert.equal(again.cached, true);
  // How much faster the warm build is depends on the machine's load: npm run bench (disk.bench.ts) measures it.
});

async function checkGuest(firmware: 'bios' | 'uefi') {
  const vm = await bootDisk(join(dir, 'output/qcow2/disk.qcow2'), firmware, `ostree-${firmware}`);
  try {
    const seconds = await waitForHttp(vm, BOOT_TIMEOUT);
    console.log(`# ${firmware}: HTTP 200 after ${seconds.toFixed(0)} s`);
    const out = await sshRun(vm, key, 'cloud-user', [
      'echo "CMDLINE=$(cat /proc/cmdline)"',
      'echo "ROOT=$(findmnt -no OPTIONS /)"',
      'echo "SYSROOT=$(findmnt -no OPTIONS /sysroot)"',
      'echo "ETC=$(findmnt -no OPTIONS /etc)"',
      'echo "VAR=$(findmnt -no OPTIONS /var)"',
      'echo "HOME=$(readlink /home)"',
      'echo "WHO=$(id -un) $(id -Gn)"',
      'echo "SSHPERM=$(stat -c %a:%U ~/.ssh ~/.ssh/authorized_keys | tr "\\n" " ")"',
      `echo '${PASSWORD}' | sudo -S -p '' ostree admin status`,
      `echo '${PASSWORD}' | sudo -S -p '' sh -c 'touch /etc/bootable-etc-test && echo ETC_WRITABLE; touch /usr/bootable-usr-test 2>/dev/null || echo USR_READONLY'`,
    ].join('; '));
    const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1] ?? '';
    assert.match(field('CMDLINE'), /ostree=\/ostree\/boot\.\d\/default\/[0-9a-f]{64}\/0/);
    assert.match(field('CMDLINE'), /console=tty0 .*console=ttyS0/);
    assert.match(field('CMDLINE'), /bootable\.test=1/);
    assert.match(field('ROOT'), /^ro\b/, '/ is read-only');
    assert.match(field('SYSROOT'), /^ro\b/, '/sysroot is read-only');
    assert.match(field('ETC'), /^rw\b/, '/etc is writable');
    assert.match(field('VAR'), /^rw\b/, '/var is writable');
    assert.equal(field('HOME'), 'var/home');
    assert.match(field('WHO'), /^cloud-user .*\bsudo\b/, 'wheel maps to sudo on Debian');
    assert.equal(field('SSHPERM').trim(), '700:cloud-user 600:cloud-user');
    assert.match(out, /^\* default [0-9a-f]{64}\.0$/m, 'ostree admin status lists the booted deployment');
    assert.match(out, /^ETC_WRITABLE$/m);
    assert.match(out, /^USR_READONLY$/m);
  } finally {
    await vm.stop();
  }
}

test('BIOS (GRUB) boot: HTTP 200, SSH as the configured user, bootc layout', { timeout: BOOT_TIMEOUT + 10 * 60_000 }, () => checkGuest('bios'));
test('UEFI (systemd-boot) boot: HTTP 200, SSH as the configured user, bootc layout', { timeout: BOOT_TIMEOUT + 10 * 60_000 }, () => checkGuest('uefi'));
