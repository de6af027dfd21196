// plain mode end to end: the LAMP example's rootfs directly on the root partition, booted with UEFI
// (systemd-boot) under TCG: HTTP 200, SSH login with the configured key, no ostree on the kernel command line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildDisk, type BuildDiskResult } from '../../core/builder';
import { run } from '../../core/util/process';
import { bootDisk, makeSshKey, sshRun, waitForHttp } from './builder-qemu';

const root = process.env.BOOTABLE_ROOT ?? new URL('../..', import.meta.url).pathname;
// A tag of this run's own, removed in after() (the layers stay in podman's build cache).
const LAMP = `localhost/bootable-builder-test/lamp:${randomBytes(3).toString('hex')}`;
const BOOT_TIMEOUT = 15 * 60_000;
let dir: string;
let key: string;
let built: BuildDiskResult;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bootable-builder-plain-'));
  await run(['podman', 'build', '-q', '-t', LAMP, join(root, 'examples/lamp')], { timeoutMs: 20 * 60_000 });
  const k = await makeSshKey(dir);
  key = k.key;
  const config = join(dir, 'config.toml');
  writeFileSync(config, `[[customizations.user]]\nname = "admin"\nkey = "${k.pub}"\ngroups = ["sudo"]\n`);
  built = await buildDisk({ image: LAMP, types: ['qcow2'], mode: 'plain', config, output: join(dir, 'output'), cacheDir: join(dir, 'cache') });
}, { timeout: 40 * 60_000 });

after(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await run(['podman', 'rmi', '--ignore', LAMP]);
});

test('plain mode, UEFI boot: HTTP 200, SSH with the key, writable root, no ostree', { timeout: BOOT_TIMEOUT + 10 * 60_000 }, async () => {
  assert.equal(built.plan.mode, 'plain');
  const vm = await bootDisk(built.outputs[0].path, 'uefi', 'plain-uefi');
  try {
    const seconds = await waitForHttp(vm, BOOT_TIMEOUT);
    console.log(`# plain/uefi: HTTP 200 after ${seconds.toFixed(0)} s`);
    const out = await sshRun(vm, key, 'admin', 'echo "CMDLINE=$(cat /proc/cmdline)"; echo "ROOT=$(findmnt -no OPTIONS /)"; echo "WHO=$(id -un) $(id -Gn)"; echo "HOME=$HOME"');
    const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1] ?? '';
    assert.doesNotMatch(field('CMDLINE'), /ostree=/);
    assert.match(field('CMDLINE'), new RegExp(`root=UUID=${built.plan.filesystems.root.uuid}`));
    assert.match(field('ROOT'), /^rw\b/);
    assert.match(field('WHO'), /^admin .*\bsudo\b/);
    assert.equal(field('HOME'), '/home/admin');
  } finally {
    await vm.stop();
  }
});
