import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintContainerfile } from '../../../core/lint/index';

test('builder-config: a shipped config with several problems gets one finding per problem, each naming its key', () => {
  const config = '[[customizations.user]]\nname = "Bad Name"\n\n[customizations.kernel]\nappend = 3\n\n[customizations.bogus]\n';
  const found = lintContainerfile('FROM quay.io/fedora/fedora-bootc:42\nCOPY bib.toml /usr/lib/bootc-image-builder/config.toml\n',
    { generic: false, readContext: (p) => (p.replace(/^\.\//, '') === 'bib.toml' ? config : undefined) }).filter((f) => f.ruleId === 'builder-config');
  assert.equal(found.length, 3, found.map((f) => f.message).join('\n'));
  for (const f of found) {
    assert.equal(f.range.start.line, 1);
    assert.doesNotMatch(f.message, /\n/, 'one line each');
  }
  assert.deepEqual(found.map((f) => f.message.split(': ')[1]).sort(), ['customizations.bogus', 'customizations.kernel.append', 'customizations.user[0].name']);
});
