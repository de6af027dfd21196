// Every rule fires on its bad cases (with the range on the offending words) and stays quiet on its good ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerfileRules, lintContainerfile } from '../../../core/lint/index';
import { cases, context } from './cases';

const readContext = (p: string) => context[p.replace(/^\.\//, '')];

function textOf(src: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = src.split('\n');
  if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
  return [lines[r.start.line].slice(r.start.character), ...lines.slice(r.start.line + 1, r.end.line), lines[r.end.line].slice(0, r.end.character)].join('\n');
}

test('every rule has firing and quiet cases', () => {
  for (const r of containerfileRules) {
    assert.ok(cases[r.id], `no cases for ${r.id}`);
    assert.ok(cases[r.id].fires.length > 0 && cases[r.id].quiet.length > 0, `${r.id} needs both kinds of cases`);
  }
  assert.deepEqual(Object.keys(cases).filter((id) => !containerfileRules.some((r) => r.id === id)), []);
});

for (const [id, c] of Object.entries(cases)) {
  test(`${id} fires`, () => {
    for (const [text, underlined] of c.fires) {
      const found = lintContainerfile(text, { generic: false, readContext }).filter((f) => f.ruleId === id);
      assert.ok(found.length > 0, `${id} should fire on:\n${text}`);
      assert.equal(found[0].source, 'bootable');
      assert.equal(textOf(text, found[0].range), underlined, `${id} range on:\n${text}`);
    }
  });
  test(`${id} stays quiet`, () => {
    for (const text of c.quiet) {
      const found = lintContainerfile(text, { generic: false, readContext }).filter((f) => f.ruleId === id);
      assert.deepEqual(found.map((f) => f.message), [], `${id} should not fire on:\n${text}`);
    }
  });
}
