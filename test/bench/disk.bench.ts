// Disk build time: cold `bootable disk` (qcow2, ostree mode) of the LAMP example against its floors, measured
// in the same run, rounds alternating: the plain floor (podman export to /dev/null + mkfs.ext4 -d of the same tree
// + qemu-img convert of the result) and the ostree floor (the same plus an `ostree commit` of the tree, minus what the
// builder's commit skips, into a fresh bare repo: in ostree mode the commit is part of the work). Then the warm repeat (cache) and the peak memory of
// any process of the build (GNU time's maximum RSS).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../core/util/process';
import { skipFromImage } from '../../core/builder/steps/prepare-ostree';
import { ROUNDS, alternate, figure, median, ratio, report, seconds } from './stats';

const root = process.env.BOOTABLE_ROOT ?? join(import.meta.dirname, '../..');
// A tag of its own, removed at the end.
const IMAGE = `localhost/bootable-bench-disk/lamp:${process.pid}`;
const cli = join(root, 'dist/cli.cjs');

interface FloorParts { export: number; commit: number; mkfs: number; convert: number }
const plainFloor = (p: FloorParts) => p.export + p.mkfs + p.convert;
const ostreeFloor = (p: FloorParts) => plainFloor(p) + p.commit;

async function floor(dir: string): Promise<FloorParts> {
  const name = `bootable-bench-disk-${process.pid}`;
  await run(['podman', 'create', '--name', name, IMAGE]);
  const parts: FloorParts = { export: 0, commit: 0, mkfs: 0, convert: 0 };
  try {
    parts.export = await seconds(() => run(['podman', 'export', '-o', '/dev/null', name]));
  } finally {
    await run(['podman', 'rm', name]);
  }
  const { stdout } = await run(['podman', 'image', 'mount', IMAGE]);
  const tree = stdout.trim();
  try {
    const repo = join(dir, 'floor-repo'), skip = join(dir, 'floor-skip');
    await run(['ostree', 'init', '--mode=bare', `--repo=${repo}`]);
    // What the builder's commit takes from the image (it skips /dev, /etc… and lays its own small tree over them).
    writeFileSync(skip, skipFromImage.join('\n') + '\n');
    parts.commit = await seconds(() => run(['ostree', 'commit', `--repo=${repo}`, '--branch=floor', `--tree=dir=${tree}`, `--skip-list=${skip}`]));
    const img = join(dir, 'floor.ext4');
    // The same root size the builder plans for this image (10 GiB disk minus the fixed partitions).
    await run(['truncate', '-s', '8712M', img]);
    parts.mkfs = await seconds(() => run(['mkfs.ext4', '-q', '-F', '-b', '4096', '-d', tree, img]));
    parts.convert = await seconds(() => run(['qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2', img, join(dir, 'floor.qcow2')]));
  } finally {
    await run(['podman', 'image', 'unmount', IMAGE]);
    for (const f of ['floor-repo', 'floor-skip', 'floor.ext4', 'floor.qcow2']) rmSync(join(dir, f), { recursive: true, force: true });
  }
  return parts;
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
    const floors: FloorParts[] = [];
    const rss: number[] = [];
    let round = 0;
    const { a: cold } = await alternate(
      async () => {
        const out = join(dir, `cold-${round}`);
        const r = await timedDisk(join(out, 'output'), join(out, 'cache'));
        rss.push(r.maxRssKiB);
        rmSync(out, { recursive: true, force: true });
        return r.s;
      },
      async () => { const p = await floor(dir); floors.push(p); return ostreeFloor(p); },
      ROUNDS,
      (i, c, f) => { round = i + 1; console.log(`  round ${i + 1}: cold ${c.toFixed(1)} s, ostree floor ${f.toFixed(1)} s`); },
    );
    const plain = floors.map(plainFloor), ostree = floors.map(ostreeFloor);
    const part = (k: keyof FloorParts) => `${k} ${median(floors.map((p) => p[k])).toFixed(1)}`;
    report('disk', 'floor', `${figure(ostree, 's')} export + ostree commit + mkfs.ext4 -d + qemu-img convert (${['export', 'commit', 'mkfs', 'convert'].map((k) => part(k as keyof FloorParts)).join(', ')}); without the commit ${figure(plain, 's')}`);
    report('disk', 'cold', `${figure(cold, 's')} bootable disk (qcow2, ostree mode, LAMP example)`,
      { vs: `${ratio(cold, ostree, 'the ostree floor')}; ${ratio(cold, plain, 'the plain floor')}`, goal: '≤ 1.3× the ostree floor' });

    const cacheDir = join(dir, 'warm-cache');
    const first = await timedDisk(join(dir, 'warm-output'), cacheDir);
    const warm: number[] = [];
    for (let i = 0; i < ROUNDS; i++) warm.push((await timedDisk(join(dir, 'warm-output'), cacheDir)).s);
    report('disk', 'warm', figure(warm, 's', 2), { vs: ratio(warm, cold, 'cold'), goal: '< 0.1× cold' });
    report('disk', 'peak-memory', `${(Math.max(...rss, first.maxRssKiB) / 1024).toFixed(0)} MB (largest single process of any cold build)`, { goal: '< 300 MB' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await run(['podman', 'rmi', '--force', IMAGE], { okExitCodes: [0, 1, 2, 125] });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
