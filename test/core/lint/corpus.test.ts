// Real bootc Containerfiles (test/fixtures/corpus, see SOURCES.md): every file lints without throwing and the
// findings equal the committed, by-eye reviewed expectations in expected/<name>.txt.
// `npm run update-golden` rewrites them (review the diff!); this test only reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusCases, corpusText } from './corpus-cases';

const cases = corpusCases();

test('the corpus is there', () => {
  assert.ok(cases.filter((c) => !c.name.endsWith('.toml')).length >= 30, `${cases.length} files`);
});

for (const c of cases) {
  test(`corpus: ${c.name}`, () => {
    const findings = c.lint();
    assert.ok(!findings.some((f) => f.message.includes('internal error')), findings.map((f) => f.message).join('\n'));
    assert.equal(corpusText(c, findings), readFileSync(c.expectedPath, 'utf8'));
  });
}
