// Image check time on the LAMP example vs a plain `podman export -o /dev/null CONTAINER` (the floor for
// reading every file of the image once), measured in the same run, rounds alternating (test/bench/stats.ts).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { buildImage } from '../../core/podman/build';
import { runPodman } from '../../core/podman/exec';
import { lintImage } from '../../core/lint/image/index';
import { alternate, figure, ratio, report, seconds } from './stats';

const root = process.env.BOOTABLE_ROOT ?? join(import.meta.dirname, '../..');

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
    let findings = 0;
    const { a: check, b: exp } = await alternate(
      () => seconds(async () => { findings = (await lintImage(image, { containerfile })).length; }),
      () => seconds(() => runPodman(['podman', 'export', '-o', '/dev/null', container])),
    );
    report('image-check', 'time', `${figure(check, 's', 2)} on the LAMP example (${findings} findings)`,
      { vs: ratio(check, exp, `podman export -o /dev/null, ${figure(exp, 's', 2)}`), goal: '≤ 1.3× in every run' });
  } finally {
    await runPodman(['podman', 'rm', '--force', '--ignore', container]);
    await runPodman(['podman', 'rmi', '--force', image], { okExitCodes: [0, 1, 2, 125] });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
