// One rule catalogue for every kind of rule: --list-rules, SARIF descriptors, hover text and the fixable flag all
// come from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { documentedRules, findRule, isRuleId, ruleCatalogue } from '../../../core/lint/catalogue';
import { containerfileRules } from '../../../core/lint/rules/index';
import { tomlRules } from '../../../core/lint/toml/rules';
import { imageRules } from '../../../core/lint/image/rules/index';
import { lintFile } from '../../../core/lint/fix-text';
import { runCli } from '../cli/run-cli';
import { ruleDoc } from '../../../server/rule-docs';

const root = join(new URL('.', import.meta.url).pathname, '../../..');

test('every rule of every kind is in the catalogue, once per kind', () => {
  const kinds = ruleCatalogue.map((e) => `${e.kind}:${e.id}`);
  assert.equal(new Set(kinds).size, kinds.length);
  assert.equal(ruleCatalogue.length, containerfileRules.length + tomlRules.length + imageRules.length);
  for (const r of imageRules) assert.ok(findRule(r.id)?.kinds.includes('image'), r.id);
  assert.deepEqual(findRule('bootc-kargs')?.kinds, ['toml', 'image']);
  assert.equal(findRule('install-config')?.appliesTo, 'Containerfile, usr/lib/bootc/install/*.toml, built image (`bootable lint --image`)');
  assert.ok(isRuleId('var-content') && isRuleId('1234') && !isRuleId('no-such-rule'));
});

test('--list-rules lists every kind', async () => {
  const { code, stdout } = await runCli(['lint', '--list-rules']);
  assert.equal(code, 0);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, ruleCatalogue.length);
  assert.match(stdout, /^var-content\s+warning\s+containerfile\s/m);
  assert.match(stdout, /^bootc-kargs\s+error\s+toml\s/m);
  assert.match(stdout, /^no-kernel\s+\w+\s+image\s/m);
});

test('hover text for TOML and image rules comes from the catalogue', () => {
  assert.equal(ruleDoc('bootc-kargs')?.summary, tomlRules[0].summary);
  const image = imageRules.find((r) => !containerfileRules.some((c) => c.id === r.id) && !tomlRules.some((t) => t.id === r.id))!;
  assert.equal(ruleDoc(image.id)?.docs, image.docs);
  assert.equal(ruleDoc('1234'), undefined);
});

test('a rule whose findings carry fixes is marked fixable (over the corpus)', () => {
  const dir = join(root, 'test/fixtures/corpus');
  const withFixes = new Set<string>();
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.md') || name.endsWith('.toml') || !statSync(join(dir, name)).isFile()) continue;
    for (const f of lintFile(join(dir, name), readFileSync(join(dir, name), 'utf8'), {})) {
      if (f.source === 'bootable' && f.fixes?.length) withFixes.add(f.ruleId);
    }
  }
  assert.ok(withFixes.size >= 2, `only ${[...withFixes].join(', ')}`);
  for (const id of withFixes) assert.ok(findRule(id)?.fixable, `${id} has fixes but is not marked fixable`);
  assert.ok(documentedRules().filter((r) => r.fixable).length >= withFixes.size);
});
