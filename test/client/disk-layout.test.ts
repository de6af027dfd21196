// Preview Disk Layout's text from a real plan (test/fixtures/bib-config/plan.json is `bootable disk IMAGE --config
// config.toml --plan` of the minimal example with that config): every partition with its size, filesystem and mount.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { diskLayoutMarkdown } from '../../client/disk-layout';
import { formatBytes } from '../../core/util/bytes';
import type { Plan } from '../../core/builder/types';

const plan = JSON.parse(readFileSync(new URL('../fixtures/bib-config/plan.json', import.meta.url), 'utf8')) as Plan;

test('the layout lists each partition of the plan with size, filesystem and mount point', () => {
  const md = diskLayoutMarkdown(plan, 'config.toml');
  const rows = md.split('\n').filter((l) => /^\| \d/.test(l));
  assert.equal(rows.length, plan.disk.partitions.length);
  assert.ok(rows.includes('| 4 | var-log | 2 GiB | ext4 | /var/log |'), rows.join('\n'));
  assert.match(md, /^10 GiB GPT disk, deployment mode ostree/m);
  assert.match(md, /Users: alice \(1 key\)/);
  assert.match(md, /- customizations\.filesystem: not supported/);
});

test('sizes read as people write them', () => {
  assert.deepEqual([formatBytes(512), formatBytes(1024 * 1024), formatBytes(6.5 * 1024 ** 3)], ['512 B', '1 MiB', '6.5 GiB']);
});

test('the partition table type is the plan\'s: an MBR (dos) table is not called GPT', () => {
  const dos = diskLayoutMarkdown({ ...plan, disk: { ...plan.disk, table: 'dos' } }, 'config.toml');
  assert.match(dos, /^10 GiB MBR \(dos\) disk,/m);
  assert.doesNotMatch(dos, /GPT/);
});
