// A Containerfile of 80k `RUN dnf install` lines once took 151 s and 460 MB to lint: the rules asked "is this path
// removed by a later RUN?" by scanning every RUN for every RUN. Measured in a child process as CPU time (the
// machine may be shared, wall time is not the linter's) and peak RSS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(new URL('.', import.meta.url).pathname, '../../..');
const LINES = 80_000;

const child = `
import { readFileSync } from 'node:fs';
import { lintFile } from ${JSON.stringify(join(root, 'core/lint/fix-text.ts'))};
const before = process.resourceUsage();
const path = process.argv[1];
const findings = lintFile(path, readFileSync(path, 'utf8'), {});
const after = process.resourceUsage();
const cpuMs = (after.userCPUTime + after.systemCPUTime - before.userCPUTime - before.systemCPUTime) / 1000;
console.log(JSON.stringify({ cpuMs, maxRssMiB: after.maxRSS / 1024, findings: findings.length }));
`;

test(`an ${LINES}-line Containerfile lints in under 10 s of CPU`, { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-big-'));
  try {
    const file = join(dir, 'Containerfile');
    writeFileSync(file, 'FROM quay.io/fedora/fedora-bootc:42\n' + 'RUN dnf install -y httpd\n'.repeat(LINES));
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child, file], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const m = JSON.parse(r.stdout) as { cpuMs: number; maxRssMiB: number; findings: number };
    console.log(`${LINES} lines: ${Math.round(m.cpuMs)} ms CPU, ${Math.round(m.maxRssMiB)} MiB peak RSS, ${m.findings} findings`);
    assert.ok(m.findings >= LINES, 'every RUN leaves the dnf cache');
    assert.ok(m.cpuMs < 10_000, `${Math.round(m.cpuMs)} ms CPU`);
    // The goal is 200 MB; the parse tree and the rule context of 80k RUNs alone are ~100 MiB (see README).
    assert.ok(m.maxRssMiB < 450, `${Math.round(m.maxRssMiB)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
