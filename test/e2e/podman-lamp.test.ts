// The quick start with real podman: the LAMP example builds on the local base, runs with systemd as PID 1,
// and serves HTTP 200 with PHP on the published port. Its image checks report no errors.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { buildImage } from '../../core/podman/build';
import { runContainer, stopContainer, freePort } from '../../core/podman/run';
import { runPodman } from '../../core/podman/exec';
import { listContainers } from '../../core/podman/inspect';
import { lintImage } from '../../core/lint/image/index';
import type { ProgressEvent } from '../../core/progress';

const root = process.env.BOOTABLE_ROOT ?? process.cwd();
const suffix = randomBytes(3).toString('hex');
const image = `localhost/bootable-test-lamp:${suffix}`;
const name = `bootable-test-lamp-${suffix}`;

after(async () => {
  await runPodman(['podman', 'rm', '--force', '--ignore', name]);
  await runPodman(['podman', 'rmi', '--force', image], { okExitCodes: [0, 1, 2, 125] });
});

// Every test needs the image: built once here (a failed build fails each test through this hook), with its
// progress recorded for the first test.
const events: ProgressEvent[] = [];
let result: Awaited<ReturnType<typeof buildImage>>;
before(async () => {
  result = await buildImage({ containerfile: join(root, 'examples/lamp/Containerfile'), tag: image },
    { progress: (e) => events.push(e) });
});

test('LAMP example: build with step progress', () => {
  assert.equal(result.image, image);
  assert.match(result.id, /^[0-9a-f]{64}$/);
  const steps = events.filter((e) => e.step > 0 && e.message !== 'built');
  assert.deepEqual(steps.map((e) => e.step), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(steps.every((e) => e.of === 9));
  assert.match(steps[0]!.message, /^FROM localhost\/bootable\/debian-bootc:12/);
});

test('LAMP example: runs with /sbin/init as PID 1, HTTP 200 with PHP on the published port; stop removes it', async () => {
  const port = await freePort(18080);
  const run = await runContainer({ image, name, ports: [{ host: port, guest: 80 }] });
  assert.equal(run.name, name);
  assert.ok(run.state === 'running' || run.state === 'degraded', run.state);
  assert.deepEqual(run.failedUnits, [], `failed units: ${run.failedUnits.join(', ')}`);
  const pid1 = await runPodman(['podman', 'exec', name, 'cat', '/proc/1/comm']);
  assert.equal(pid1.stdout.trim(), 'systemd');
  for (const unit of ['apache2', 'mariadb', 'php8.2-fpm']) {
    const r = await runPodman(['podman', 'exec', name, 'systemctl', 'is-active', unit], { okExitCodes: [0, 3] });
    assert.equal(r.stdout.trim(), 'active', unit);
  }
  const res = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(res.status, 200);
  const body = await res.text();
  assert.match(body, /<h1[^>]*>Welcome to image mode<\/h1>/);
  // phpinfo() ran through php-fpm (the raw source would still contain "<?php").
  assert.match(body, /PHP Version 8\.2/);
  assert.doesNotMatch(body, /<\?php/);
  assert.ok((await listContainers()).some((c) => c.name === name && c.ports.some((p) => p.host === port && p.guest === 80)));
  await stopContainer(name);
  const exists = await runPodman(['podman', 'container', 'exists', name], { okExitCodes: [0, 1] });
  assert.equal(exists.exitCode, 1);
});

test('LAMP example: the image checks find nothing of its own; the base image note is all', async () => {
  const containerfile = join(root, 'examples/lamp/Containerfile');
  const findings = await lintImage(image, { containerfile });
  assert.deepEqual(findings.filter((f) => f.severity === 'error'), []);
  const own = findings.filter((f) => f.ruleId !== 'base-image');
  // The directories the packages made in /var have tmpfiles.d lines; the database, ldconfig's cache and the
  // package scripts' bookkeeping are removed (the example's comments say why).
  assert.deepEqual(own.map((f) => [f.ruleId, f.range.start.line + 1, f.message]), []);
  // The base ships /etc/hostname (a comment: no static name) and /etc/hosts, so podman 4.3's first RUN leaves no
  // empty ones behind: no buildah-injected warning. The base's one finding, no composefs (Debian's ostree 2022.7),
  // is the base-image note on FROM.
  assert.equal(findings.some((f) => f.ruleId === 'buildah-injected' || f.related?.some((r) => /^buildah-injected/.test(r.message))), false,
    JSON.stringify(findings));
  const note = findings.find((f) => f.ruleId === 'base-image');
  assert.equal(note?.range.start.line, 3);
  assert.deepEqual(note!.related!.map((r) => r.message.split(' ')[0]), ['baseimage-composefs'], JSON.stringify(note.related));
});
