// The server's pure parts: settings parsing, document kinds, range overlap, the guard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentKind, uriToPath } from '../../server/document-kind';
import { OverBudget } from '../../server/budget-worker';
import { makeGuard } from '../../server/guard';
import { rangesOverlap } from '../../server/ranges';
import { parseSettings } from '../../server/settings';

test('parseSettings: nested and dotted shapes, bad values dropped with a reason, nothing → undefined', () => {
  assert.deepEqual(parseSettings({ lint: { enable: false, rules: { useradd: 'off', 'pkg-cache': 'error' } } }),
    { settings: { enable: false, rules: { useradd: 'off', 'pkg-cache': 'error' }, bootc: 'auto' }, problems: [] });
  assert.deepEqual(parseSettings({ 'lint.rules': { useradd: 'hint' } }), { settings: { enable: true, rules: { useradd: 'hint' }, bootc: 'auto' }, problems: [] });
  const bad = parseSettings({ lint: { enable: 'no', rules: { useradd: 'loud', chcon: 3, 'var-run-dir': 'info' } } });
  assert.deepEqual(bad?.settings, { enable: true, rules: { 'var-run-dir': 'info' }, bootc: 'auto' });
  assert.equal(bad?.problems.length, 3);
  assert.match(bad!.problems.join('\n'), /bootable\.lint\.rules\.useradd must be one of error, warning, info, hint, off; got "loud"/);
  assert.match(parseSettings({ lint: { rules: ['useradd'] } })!.problems[0], /must be an object/);
  assert.equal(parseSettings({ lint: { bootc: 'generic' } })?.settings.bootc, 'generic');
  assert.match(parseSettings({ 'lint.bootc': 'sometimes' })!.problems[0], /bootable\.lint\.bootc must be one of auto, bootc, generic/);
  for (const nothing of [undefined, null, 42, 'x', [], {}, { lint: {} }, { other: 1 }]) assert.equal(parseSettings(nothing), undefined);
});

test('documentKind: language id first, then the path', () => {
  assert.equal(documentKind('dockerfile', 'untitled:Untitled-1'), 'containerfile');
  assert.equal(documentKind('bootc-toml', 'untitled:Untitled-2'), 'bootc-toml');
  assert.equal(documentKind('toml', 'file:///p/usr/lib/bootc/kargs.d/10-a.toml'), 'bootc-toml');
  assert.equal(documentKind('toml', 'file:///p/usr/lib/bootc/install/00-root.toml'), 'bootc-toml');
  assert.equal(documentKind('toml', 'file:///p/pyproject.toml'), undefined);
  assert.equal(documentKind('plaintext', 'file:///p/Containerfile'), 'containerfile');
  assert.equal(documentKind('plaintext', 'file:///p/Containerfile.fedora'), 'containerfile');
  assert.equal(documentKind('plaintext', 'file:///p/web.containerfile'), 'containerfile');
  assert.equal(documentKind('plaintext', 'file:///p/Dockerfile'), 'containerfile');
  assert.equal(documentKind('plaintext', 'file:///p/README.md'), undefined);
  assert.equal(uriToPath('file:///a%20b/Containerfile'), '/a b/Containerfile');
  assert.equal(uriToPath('untitled:x'), undefined);
});

test('rangesOverlap is inclusive at the edges', () => {
  const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
  assert.ok(rangesOverlap(r(1, 4, 1, 10), r(1, 10, 1, 10)), 'cursor at the end');
  assert.ok(rangesOverlap(r(1, 4, 1, 10), r(1, 4, 1, 4)), 'cursor at the start');
  assert.ok(rangesOverlap(r(1, 4, 3, 0), r(2, 0, 2, 0)), 'inside a multi-line range');
  assert.ok(!rangesOverlap(r(1, 4, 1, 10), r(1, 11, 1, 12)));
  assert.ok(!rangesOverlap(r(1, 4, 1, 10), r(0, 0, 1, 3)));
});

test('guard: a throwing or rejecting handler is logged and answers the fallback', async () => {
  const logs: string[] = [];
  const guard = makeGuard((m) => logs.push(m));
  assert.equal(await guard('sync', 'fallback', () => { throw new Error('boom'); })(), 'fallback');
  assert.deepEqual(await guard('async', [], async () => { throw new Error('later'); })(), []);
  assert.equal(await guard('ok', 0, (a: number, b: number) => a + b)(2, 3), 5);
  assert.equal(logs.length, 2);
  assert.match(logs[0], /bootable: sync failed: Error: boom/);
  assert.match(logs[1], /bootable: async failed: Error: later/);
});

test('guard: an answer over the request budget is the fallback; over-budget is logged as such, not as a failure', async () => {
  const logs: string[] = [];
  const guard = makeGuard((m) => logs.push(m), 50);
  assert.equal(await guard('slow', 'fallback', () => new Promise<string>((r) => setTimeout(() => r('late'), 500)))(), 'fallback');
  assert.equal(await guard('over', 'fallback', async () => { throw new OverBudget('folding exceeded 5 ms'); })(), 'fallback');
  assert.equal(await guard('fast', 'fallback', () => 'now')(), 'now');
  assert.match(logs[0], /bootable: slow took over 50 ms; answering without it/);
  assert.equal(logs[1], 'bootable: over: folding exceeded 5 ms; answering without it');
  assert.equal(logs.length, 2);
});
