// The catalogue is well-formed and docs/rules/ is exactly what `npm run docs` generates from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerfileRules, ruleDocPath, tomlRules } from '../../../core/lint/index';
import { renderRuleDocs } from '../../../core/lint/docs-render';

const root = join(new URL('.', import.meta.url).pathname, '../../..');

test('rule ids are unique kebab-case and every rule has a summary and docs', () => {
  const ids = [...containerfileRules, ...tomlRules].map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate rule id');
  assert.ok(containerfileRules.length >= 20, `only ${containerfileRules.length} Containerfile rules`);
  for (const r of [...containerfileRules, ...tomlRules]) {
    assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.id);
    assert.ok(r.summary.trim().length > 10 && !r.summary.includes('\n'), `${r.id}: summary must be one line`);
    assert.ok(r.docs.trim().length > 80, `${r.id}: docs too short`);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(r.severity), r.id);
  }
  for (const r of containerfileRules) {
    assert.equal(r.kind, 'containerfile');
    assert.ok(existsSync(join(root, 'core/lint/rules', `${r.id}.ts`)), `${r.id}: expected core/lint/rules/${r.id}.ts`);
  }
});

test('docs/rules matches the catalogue (run `npm run docs` after changing a rule)', () => {
  const pages = renderRuleDocs();
  const dir = join(root, 'docs/rules');
  const onDisk = readdirSync(dir).filter((n) => n.endsWith('.md')).sort();
  assert.deepEqual(onDisk, Object.keys(pages).sort());
  for (const [name, text] of Object.entries(pages)) {
    assert.equal(readFileSync(join(dir, name), 'utf8'), text, `docs/rules/${name} is stale: run npm run docs`);
  }
  for (const r of containerfileRules) assert.ok(existsSync(join(root, ruleDocPath(r.id))), r.id);
});
