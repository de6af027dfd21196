// Disk build time: cold `bootable disk` (qcow2, ostree mode) of the LAMP example against the floor measured in
// the same run (podman export to /dev/null + mkfs.ext4 -d of the same tree + qemu-img convert of the result),
// the warm repeat (cache), and the peak memory of any process of the build (GNU time's maximum RSS).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../core/util/process';

const root = process.env.BOOTABLE_ROOT ?? join(import.meta.dirname, '../..');
// A tag of its own, removed at the end.
const IMAGE = `localhost/bootable-bench-disk/lamp:${process.pid}`;
const cli = join(root, 'dist/cli.cjs');

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t0 = Date.now();
  await fn();
  return (Date.now() - t0) / 1000;
}

async function floor(dir: string): Promise<{ total: number; parts: string }> {
  const name = `bootable-bench-disk-${process.pid}`;
  await run(['podman', 'create', '--name', name, IMAGE]);
  let exportS = 0, mkfsS = 0, convertS = 0;
  try {
    exportS = await seconds(() => run(['podman', 'export', '-o', '/dev/null', name]));
  } finally {
    await run(['podman', 'rm', name]);
  }
  const { stdout } = await run(['podman', 'image', 'mount', IMAGE]);
  try {
    const img = join(dir, 'floor.ext4');
    // The same root size the builder plans for this image (10 GiB disk minus the fixed partitions).
    await run(['truncate', '-s', '8712M', img]);
    mkfsS = await seconds(() => run(['mkfs.ext4', '-q', '-F', '-b', '4096', '-d', stdout.trim(), img]));
    convertS = await seconds(() => run(['qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2', img, join(dir, 'floor.qcow2')]));
  } finally {
    await run(['podman', 'image', 'unmount', IMAGE]);
  }
  return { total: exportS + mkfsS + convertS, parts: `export ${exportS.toFixed(1)} + mkfs ${mkfsS.toFixed(1)} + convert ${convertS.toFixed(1)}` };
}

/** Runs the CLI under GNU time; returns wall seconds and the maximum RSS (KiB) of the CLI or any child it waited for. */
async function timedDisk(output: string, cacheDir: string): Promise<{ s: number; maxRssKiB: number }> {
  const t0 = Date.now();
  const r = await run(['/usr/bin/time', '-v', process.execPath, cli, 'disk', IMAGE, '--type', 'qcow2', '--output', output],
    { env: { BOOTABLE_CACHE_DIR: cacheDir } });
  const s = (Date.now() - t0) / 1000;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { s, maxRssKiB: m ? Number(m[1]) : NaN };
}

async function main() {
  await run(['podman', 'build', '-q', '-t', IMAGE, join(root, 'examples/lamp')], { timeoutMs: 20 * 60_000 });
  const dir = mkdtempSync(join(tmpdir(), 'bootable-bench-disk-'));
  try {
    const f = await floor(dir);
    rmSync(join(dir, 'floor.ext4'));
    rmSync(join(dir, 'floor.qcow2'));
    const cold = await timedDisk(join(dir, 'output'), join(dir, 'cache'));
    const warm = await timedDisk(join(dir, 'output'), join(dir, 'cache'));
    console.log(`bench disk floor: ${f.total.toFixed(1)} s (${f.parts})`);
    console.log(`bench disk cold: ${cold.s.toFixed(1)} s ${(cold.s / f.total).toFixed(2)}× floor (goal ≤ 1.5×)`);
    console.log(`bench disk warm: ${warm.s.toFixed(2)} s ${(warm.s / cold.s).toFixed(3)}× cold (goal < 0.1×)`);
    console.log(`bench disk peak-memory: ${(cold.maxRssKiB / 1024).toFixed(0)} MB (largest single process of the cold build; goal < 300 MB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await run(['podman', 'rmi', '--force', IMAGE], { okExitCodes: [0, 1, 2, 125] });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
