// LintRunner: lints run in a worker thread with a budget; a stuck lint is cut off and retried without the generic
// validation, and a crashed worker is replaced. Uses a stand-in worker that hangs or dies on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { OverBudget } from '../../server/budget-worker';
import { lintChunks } from '../../server/lint-chunks';
import { LintRunner } from '../../server/lint-runner';
import type { LintRequest } from '../../server/lint-request';
import { root } from './lsp-client';

const fake = join(root, 'test/fixtures/server/fake-lint-worker.cjs');
const request = (text: string): LintRequest => ({ kind: 'containerfile', text, uri: `file:///t/${text}`, rules: {}, generic: true, bootc: 'auto' });

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

test('a lint that is still stuck without the generic validation fails with OverBudget', async () => {
  const runner = new LintRunner(fake, () => undefined, 200);
  try {
    await assert.rejects(runner.lint(request('HANGALWAYS')), OverBudget);
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
    await assert.rejects(runner.lint(request('EXIT')), /worker stopped: exit code 3/);
    assert.equal((await runner.lint(request('again')))[0].message, 'again generic=true');
    assert.match(logs.join('\n'), /worker stopped/);
  } finally {
    runner.dispose();
  }
});

test('a document too big for the bootc rules alone is linted in chunks: a chunk over budget loses only its own findings', async () => {
  const logs: string[] = [];
  const runner = new LintRunner(fake, (m) => logs.push(m), 300, 2);
  try {
    const text = 'FROM base\nRUN FIND first\nRUN HANGALWAYS\nRUN a\nRUN b\nRUN c\nRUN FIND last\n';
    const findings = await runner.lint(request(text));
    assert.deepEqual(findings.map((f) => f.range.start.line), [1, 6], 'findings of the chunks that finished, on their own lines');
    assert.match(logs.join('\n'), /lines 3–4 of [^]*exceeded 300 ms/);
  } finally {
    runner.dispose();
  }
});

test('lintChunks: instruction-aligned chunks that keep FROM, global ARGs and directives, lines in place', () => {
  const text = '# escape=\\\nARG V=1\nFROM base:$V AS one\nRUN a \\\n  b \\\n  c\n# about d\nRUN d\nFROM one\nRUN e\n';
  const chunks = lintChunks(text, 3);
  const lines = text.split('\n');
  for (const c of chunks) assert.equal(c.text.split('\n').length, lines.length, 'same line count');
  // The continued RUN (lines 3-5) stays in one chunk; a comment travels with the instruction below it.
  assert.deepEqual(chunks.map((c) => [c.first, c.last]), [[0, 2], [3, 5], [6, 8], [9, 10]]);
  const last = chunks.at(-1)!.text.split('\n');
  assert.deepEqual([last[0], last[1], last[2], last[8], last[9]], ['# escape=\\', 'ARG V=1', 'FROM base:$V AS one', 'FROM one', 'RUN e']);
  assert.equal(last[3] + last[7], '', 'other lines blanked');
  assert.deepEqual(lintChunks('FROM x\nRUN y\n', 2000).map((c) => [c.first, c.last]), [[0, 2]]);
});
