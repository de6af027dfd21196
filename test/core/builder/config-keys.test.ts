// The table of bootc-image-builder's config keys (core/builder/config/keys.ts) is what the validator does and what
// docs/disk-images.md says: each ignored key gives bib's warning at its exact path, each refused key is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compatibilityTable, configKeys } from '../../../core/builder/config/keys';
import { validateConfig } from '../../../core/builder/config/validate';
import { ConfigError } from '../../../core/errors';

const root = new URL('../../..', import.meta.url).pathname;

test('docs/disk-images.md carries the compatibility table of every key', () => {
  const docs = readFileSync(join(root, 'docs/disk-images.md'), 'utf8');
  assert.ok(docs.includes(compatibilityTable()), 'docs/disk-images.md: paste compatibilityTable() from core/builder/config/keys.ts');
  assert.ok(configKeys.length >= 35);
  assert.equal(new Set(configKeys.map((k) => k.key)).size, configKeys.length, 'no key twice');
});

/** A config with `value` at the dotted key. */
function withKey(key: string, value: unknown): Record<string, unknown> {
  const top: Record<string, unknown> = {};
  let at = top;
  const parts = key.split('.');
  for (const p of parts.slice(0, -1)) at = (at[p] = {}) as Record<string, unknown>;
  at[parts.at(-1)!] = value;
  return top;
}

for (const k of configKeys.filter((x) => x.treatment === 'ignored-with-warning' || x.treatment === 'refused')) {
  test(`${k.key}: ${k.treatment}`, () => {
    const config = withKey(k.key, ['x']);
    if (k.treatment === 'refused') {
      assert.throws(() => validateConfig(config, 'config.json'), (e: unknown) => e instanceof ConfigError && e.path === k.key
        && e.message.includes('not supported by bootable\'s disk builder'));
    } else {
      const c = validateConfig(config, 'config.json');
      assert.deepEqual(c.warnings, [{ path: k.key, message: `not supported for disk images (ignored: ${k.why})` }]);
      // In the legacy JSON wrapper the path says so.
      assert.equal(validateConfig({ blueprint: config }, 'config.json').warnings[0].path, `blueprint.${k.key}`);
    }
  });
}
