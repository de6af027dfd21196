// Image check time on the LAMP example vs a plain `podman export -o /dev/null CONTAINER` (the floor for
// reading every file of the image once), measured in the same run, alternating, median of 3 each.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { buildImage } from '../../core/podman/build';
import { runPodman } from '../../core/podman/exec';
import { lintImage } from '../../core/lint/image/index';

const root = process.env.BOOTABLE_ROOT ?? join(import.meta.dirname, '../..');
const ROUNDS = 3;

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const suffix = randomBytes(3).toString('hex');
  const image = `localhost/bootable-test-bench-lamp:${suffix}`;
  const container = `bootable-test-bench-export-${suffix}`;
  const containerfile = join(root, 'examples/lamp/Containerfile');
  try {
    await buildImage({ containerfile, tag: image });
    await runPodman(['podman', 'create', '--name', container, image, '/sbin/init']);
    // Warm-up: page cache and podman's storage caches, for both sides.
    await runPodman(['podman', 'export', '-o', '/dev/null', container]);
    const check: number[] = [], exp: number[] = [];
    let findings = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const doExport = () => seconds(() => runPodman(['podman', 'export', '-o', '/dev/null', container]));
      const doCheck = () => seconds(async () => { findings = (await lintImage(image, { containerfile })).length; });
      if (i % 2 === 0) { exp.push(await doExport()); check.push(await doCheck()); }
      else { check.push(await doCheck()); exp.push(await doExport()); }
    }
    const c = median(check), e = median(exp);
    console.log(`bench image-check: ${c.toFixed(2)} s vs export ${e.toFixed(2)} s = ${(c / e).toFixed(2)}× (goal ≤ 1.5×)`);
    console.log(`bench image-check findings: ${findings} on ${image} (rounds: check ${check.map((x) => x.toFixed(2)).join(' ')}; export ${exp.map((x) => x.toFixed(2)).join(' ')})`);
  } finally {
    await runPodman(['podman', 'rm', '--force', '--ignore', container]);
    await runPodman(['podman', 'rmi', '--force', image], { okExitCodes: [0, 1, 2, 125] });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
