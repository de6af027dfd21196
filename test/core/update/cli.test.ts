// `bootable vm update|rollback|status` command lines: usage errors exit 2 before any work; help lists the verbs
// and the update options (from their descriptors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/run-cli';

test('vm update / rollback: bad command lines are usage errors (exit 2), unknown VMs too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-test-update-cli-'));
  try {
    writeFileSync(join(dir, 'Containerfile'), 'FROM scratch\n');
    const cases: [string[], RegExp][] = [
      [['vm', 'update'], /give a VM name/],
      [['vm', 'update', 'a', 'b', 'c'], /at most one CONTAINERFILE/],
      [['vm', 'update', 'a', 'Containerfile', '--image', 'x'], /not both/],
      [['vm', 'update', 'a', '--timeout', '1'], /--timeout/],
      [['vm', 'update', 'a', '--bogus'], /bogus/],
      [['vm', 'rollback'], /exactly one VM name/],
      [['vm', 'update', 'bootable-test-no-such-vm-u', '--image', 'localhost/none'], /no VM named|not found/],
      [['vm', 'rollback', 'bootable-test-no-such-vm-u'], /no VM named "bootable-test-no-such-vm-u"/],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(args, dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re, args.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('help vm lists update and rollback with their options', async () => {
  const r = await runCli(['help', 'vm']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /bootable vm update NAME \[CONTAINERFILE \| --image IMAGE\]/);
  assert.match(r.stdout, /bootable vm rollback NAME/);
  assert.match(r.stdout, /--image IMAGE/);
  const up = await runCli(['help', 'up']);
  assert.match(up.stdout, /--recreate/);
});
