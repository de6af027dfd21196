// The files and data-partition steps on a real tree and a real (sparse) disk file, with the real tools (sgdisk,
// mkfs.ext4, mkswap, debugfs, blkid; btrfs through a loop device, as root): content moves to its own filesystem
// or subvolume, the tree keeps an empty mount point, files and directories get their owner and mode, and nothing
// is written outside the tree.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, chownSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planDisk } from '../../../core/builder/plan';
import { parseConfigText } from '../../../core/builder/config/load';
import { partitionDisk } from '../../../core/builder/steps/partition';
import { splitData, makeDataFilesystem } from '../../../core/builder/steps/data-partitions';
import { makeFilesystem } from '../../../core/builder/steps/mkfs';
import { applyFiles } from '../../../core/builder/steps/files';
import { treeAt } from '../../../core/builder/tree-path';
import type { BuildContext } from '../../../core/builder/context';
import type { ImageFacts } from '../../../core/builder/types';
import { run } from '../../../core/util/process';

const base = mkdtempSync(join(tmpdir(), 'bootable-test-ib15-'));
after(() => rmSync(base, { recursive: true, force: true }));
const image: ImageFacts = {
  ref: 'localhost/test:1', id: 'a'.repeat(64), digest: 'sha256:' + 'b'.repeat(64), sizeBytes: 100e6,
  kernelVersion: '6.1.0-56-amd64', hasBootc: false, hasOstree: false,
};

function context(name: string, config: object): BuildContext {
  const work = join(base, name);
  const rootfs = join(work, 'rootfs');
  mkdirSync(join(rootfs, 'etc'), { recursive: true });
  writeFileSync(join(rootfs, 'etc/passwd'), 'root:x:0:0::/root:/bin/bash\nalice:x:1500:1500::/home/alice:/bin/bash\n');
  writeFileSync(join(rootfs, 'etc/group'), 'root:x:0:\nalice:x:1500:\nwidget:x:1600:\n');
  const plan = planDisk({ image, config: parseConfigText(JSON.stringify(config), 'config.json'), types: ['raw'], mode: 'plain', cacheSecret: 's' });
  return { plan, work, logFile: join(work, 'log'), imageRoot: '', state: { rootTree: rootfs, tree: treeAt(rootfs) } };
}

const debugfsLs = async (disk: string, offset: number, dir: string) =>
  (await run(['debugfs', '-R', `ls -l ${dir}`, `${disk}?offset=${offset}`])).stdout;

test('a /var/data partition takes /var/data\'s content (its child partition takes its own), swap gets a swap header', async () => {
  const ctx = context('data', { customizations: { disk: { partitions: [
    { mountpoint: '/var/data', fs_type: 'ext4', minsize: '64 MiB' },
    { mountpoint: '/var/data/test', fs_type: 'ext4', minsize: '32 MiB' },
    { fs_type: 'swap', minsize: '16 MiB' },
  ] } } });
  const rootfs = ctx.state.rootTree!;
  mkdirSync(join(rootfs, 'var/data/test'), { recursive: true, mode: 0o750 });
  chownSync(join(rootfs, 'var/data'), 1500, 1500);
  writeFileSync(join(rootfs, 'var/data/parent.txt'), 'parent\n');
  writeFileSync(join(rootfs, 'var/data/test/child.txt'), 'child\n');
  await partitionDisk(ctx);
  await splitData(ctx);
  assert.deepEqual(readdirSync(join(rootfs, 'var/data')), [], 'the root tree keeps an empty mount point');
  const st = lstatSync(join(rootfs, 'var/data'));
  assert.deepEqual([st.uid, st.mode & 0o777], [1500, 0o750], 'with the directory\'s owner and mode');
  for (const fs of ctx.plan.dataFilesystems) await makeDataFilesystem(ctx, fs);
  const disk = join(ctx.work, 'disk.raw');
  const part = (n: number) => ctx.plan.disk.partitions.find((p) => p.number === n)!;
  const [data, child] = ctx.plan.dataFilesystems;
  const dataLs = await debugfsLs(disk, part(data.partition).startSector * 512, '/');
  assert.match(dataLs, /parent\.txt/);
  assert.match(dataLs, /40750 \(2\)\s+1500\s+1500 .* \.\n/, 'the filesystem root has the directory\'s owner and mode');
  assert.match(dataLs, / test\n/, 'the child\'s mount point is an empty directory on the parent');
  assert.doesNotMatch(dataLs, /child\.txt/);
  assert.match(await debugfsLs(disk, part(data.partition).startSector * 512, '/test'), /^(?![\s\S]*child\.txt)/);
  assert.match(await debugfsLs(disk, part(child.partition).startSector * 512, '/'), /child\.txt/);
  const swap = ctx.plan.dataFilesystems.find((f) => f.type === 'swap')!;
  const blkid = (await run(['blkid', '-p', '-O', String(part(swap.partition).startSector * 512), '-o', 'export', disk])).stdout;
  assert.match(blkid, new RegExp(`UUID=${swap.uuid}\\n`));
  assert.match(blkid, /TYPE=swap/);
  const ext = (await run(['blkid', '-p', '-O', String(part(data.partition).startSector * 512), '-o', 'export', disk])).stdout;
  assert.match(ext, new RegExp(`UUID=${data.uuid}\\n`));
});

test('a "dos" disk gets the planned MBR from sfdisk, read back by sfdisk itself', async () => {
  const ctx = context('dos', { customizations: { disk: { type: 'dos', partitions: [{ fs_type: 'swap', minsize: '64 MiB' }] } } });
  await partitionDisk(ctx);
  const dump = JSON.parse((await run(['sfdisk', '--json', join(ctx.work, 'disk.raw')])).stdout).partitiontable;
  assert.equal(dump.label, 'dos');
  assert.equal(dump.id, `0x${ctx.plan.disk.partitions[0].partUuid.split('-')[0]}`);
  assert.deepEqual(dump.partitions.map((p: { start: number; size: number; type: string }) => [p.start, p.size, p.type]),
    ctx.plan.disk.partitions.map((p) => [p.startSector, p.sizeSectors, p.typeCode]));
});

test('files and directories get their content, owner and mode; links in the image cannot lead them out of the tree', async () => {
  const ctx = context('files', { customizations: {
    directories: [{ path: '/etc/widget.d/conf', mode: '0750', user: 'alice', group: 'widget', ensure_parents: true }, { path: '/etc/widget.d' }],
    files: [{ path: '/etc/widget.d/conf/a.conf', data: 'a=1\n', mode: '0640', user: 1500, group: 'widget' }, { path: '/etc/motd', data: 'hello\n' }],
  } });
  const rootfs = ctx.state.rootTree!;
  await applyFiles(ctx);
  const st = (p: string) => { const s = lstatSync(join(rootfs, p)); return [s.uid, s.gid, s.mode & 0o7777, s.isDirectory()]; };
  assert.deepEqual(st('etc/widget.d'), [0, 0, 0o755, true]);
  assert.deepEqual(st('etc/widget.d/conf'), [1500, 1600, 0o750, true]);
  assert.deepEqual(st('etc/widget.d/conf/a.conf'), [1500, 1600, 0o640, false]);
  assert.deepEqual(st('etc/motd'), [0, 0, 0o644, false]);
  assert.equal(readFileSync(join(rootfs, 'etc/widget.d/conf/a.conf'), 'utf8'), 'a=1\n');

  // An image whose /etc/evil is a link to the host's /tmp: the file lands inside the tree, never on the host.
  const canary = join(base, 'host-canary');
  const evil = context('evil', { customizations: { files: [{ path: '/etc/evil/x', data: 'pwned' }] } });
  symlinkSync(canary, join(evil.state.rootTree!, 'etc/evil'));
  await applyFiles(evil).catch(() => undefined);
  assert.throws(() => lstatSync(canary), /ENOENT/, 'nothing was written at the link\'s host target');

  const missing = context('missing', { customizations: { directories: [{ path: '/etc/a/b' }] } });
  await assert.rejects(applyFiles(missing), /the parent directory \/etc\/a does not exist in the image.*/);
  const nobody = context('nobody', { customizations: { files: [{ path: '/etc/x', user: 'bob' }] } });
  await assert.rejects(applyFiles(nobody), /user "bob" does not exist in the image or the config/);
});

test('a btrfs root volume with subvolumes / and /var/log: both made and filled, hard links counted right (btrfs check)', async () => {
  const ctx = context('btrfs', { customizations: { disk: { partitions: [
    { type: 'btrfs', minsize: '256 MiB', subvolumes: [{ name: 'root', mountpoint: '/' }, { name: 'varlog', mountpoint: '/var/log' }] },
  ] } } });
  const rootfs = ctx.state.rootTree!;
  mkdirSync(join(rootfs, 'usr/bin'), { recursive: true });
  writeFileSync(join(rootfs, 'usr/bin/a'), 'a\n');
  linkSync(join(rootfs, 'usr/bin/a'), join(rootfs, 'usr/bin/b'));
  mkdirSync(join(rootfs, 'var/log/app'), { recursive: true });
  writeFileSync(join(rootfs, 'var/log/app/app.log'), 'log\n');
  chownSync(join(rootfs, 'var/log'), 1500, 1500);
  chmodSync(join(rootfs, 'var/log'), 0o750);
  await partitionDisk(ctx);
  await splitData(ctx);
  assert.deepEqual(readdirSync(join(rootfs, 'var/log')), [], 'the root subvolume keeps an empty mount point');
  const root = ctx.plan.filesystems.root;
  await makeFilesystem(ctx, root, rootfs);

  const disk = join(ctx.work, 'disk.raw');
  const part = ctx.plan.disk.partitions.find((p) => p.number === root.partition)!;
  const mnt = join(ctx.work, 'check');
  mkdirSync(mnt);
  const loop = (await run(['losetup', '--find', '--show', '--read-only', '--offset', String(part.startSector * 512), '--sizelimit', String(part.sizeSectors * 512), disk])).stdout.trim();
  try {
    await run(['btrfs', 'check', '--readonly', loop]);
    assert.match((await run(['blkid', '-o', 'export', loop])).stdout, new RegExp(`UUID=${root.uuid}\n`));
    await run(['mount', '-t', 'btrfs', '-o', 'ro', loop, mnt]);
    try {
      const list = (await run(['btrfs', 'subvolume', 'list', mnt])).stdout;
      assert.match(list, / path root$/m);
      assert.match(list, / path varlog$/m);
      assert.equal(lstatSync(join(mnt, 'root/usr/bin/a')).nlink, 2, 'the hard link is one file with two names');
      assert.equal(lstatSync(join(mnt, 'root/usr/bin/a')).ino, lstatSync(join(mnt, 'root/usr/bin/b')).ino);
      assert.deepEqual(readdirSync(join(mnt, 'root/var/log')), []);
      assert.equal(readFileSync(join(mnt, 'varlog/app/app.log'), 'utf8'), 'log\n');
      const st = lstatSync(join(mnt, 'varlog'));
      assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [1500, 1500, 0o750], 'the subvolume has the mount point\'s owner and mode');
    } finally {
      await run(['umount', mnt]);
    }
    // What fstab does at boot: the subvolume mounted by its name.
    await run(['mount', '-t', 'btrfs', '-o', 'ro,subvol=varlog', loop, mnt]);
    try {
      assert.deepEqual(readdirSync(mnt), ['app']);
    } finally {
      await run(['umount', mnt]);
    }
  } finally {
    await run(['losetup', '-d', loop]);
  }
});
