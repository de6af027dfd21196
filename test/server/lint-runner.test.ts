// LintRunner: lints run in a worker thread with a budget; a stuck lint is cut off and retried without the generic
// validation, and a crashed worker is replaced. Uses a stand-in worker that hangs or dies on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LintRunner, LintTimeout } from '../../server/lint-runner';
import type { LintRequest } from '../../server/lint-request';
import { root } from './lsp-client';

const fake = join(root, 'test/fixtures/server/fake-lint-worker.cjs');
const request = (text: string): LintRequest => ({ kind: 'containerfile', text, uri: `file:///t/${text}`, rules: {}, generic: true });

test('answers in order, one worker for many lints', async () => {
  const runner = new LintRunner(fake, () => undefined, 2000);
  try {
    const answers = await Promise.all(['a', 'b', 'c'].map((t) => runner.lint(request(t))));
    assert.deepEqual(answers.map((f) => f[0].message), ['a generic=true', 'b generic=true', 'c generic=true']);
  } finally {
    runner.dispose();
  }
});

test('a lint over budget is cut off and retried without the generic validation; later lints still work', async () => {
  const logs: string[] = [];
  const runner = new LintRunner(fake, (m) => logs.push(m), 300);
  try {
    const t0 = performance.now();
    const queued = runner.lint(request('behind'));
    const stuck = await runner.lint(request('HANG'));
    assert.equal(stuck[0].message, 'HANG generic=false');
    assert.ok(performance.now() - t0 < 5000, 'cut off near the budget');
    assert.match(logs.join('\n'), /took over 300 ms/);
    assert.equal((await queued)[0].message, 'behind generic=true');
    assert.equal((await runner.lint(request('after')))[0].message, 'after generic=true');
  } finally {
    runner.dispose();
  }
});

test('a lint that is still stuck without the generic validation fails with LintTimeout', async () => {
  const runner = new LintRunner(fake, () => undefined, 200);
  try {
    await assert.rejects(runner.lint(request('HANGALWAYS')), LintTimeout);
    assert.equal((await runner.lint(request('after')))[0].message, 'after generic=true');
  } finally {
    runner.dispose();
  }
});

test('an error in the worker rejects that lint only; a worker that exits is replaced', async () => {
  const logs: string[] = [];
  const runner = new LintRunner(fake, (m) => logs.push(m), 2000);
  try {
    await assert.rejects(runner.lint(request('THROW')), /boom/);
    await assert.rejects(runner.lint(request('EXIT')), /lint worker stopped: exit code 3/);
    assert.equal((await runner.lint(request('again')))[0].message, 'again generic=true');
    assert.match(logs.join('\n'), /lint worker stopped/);
  } finally {
    runner.dispose();
  }
});
