// Real bootc Containerfiles (test/fixtures/corpus, see SOURCES.md): every file lints without throwing and the
// findings equal the committed, by-eye reviewed expectations in expected/<name>.txt.
// UPDATE_EXPECTED=1 node test/run.mjs test/core/lint/corpus.test.ts rewrites them (review the diff!).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintBootcToml, lintContainerfile } from '../../../core/lint/index';
import { formatText } from '../../../core/lint/format/index';

const dir = join(new URL('.', import.meta.url).pathname, '../../fixtures/corpus');
const update = process.env.UPDATE_EXPECTED === '1';

/** Where each TOML companion lives in its image (the corpus flattens paths); others are builder configs, not ours. */
const TOML_PATHS: Record<string, string> = {
  'aurora__system_files_shared_usr_lib_bootc_install_20-aurora.toml': 'usr/lib/bootc/install/20-aurora.toml',
  'bootc__contrib_packaging_usr-extras_lib_bootc_kargs.d_21-console-hvc0.toml': 'usr/lib/bootc/kargs.d/21-console-hvc0.toml',
  'bootc__hack_install-test-configs_50-test-kargs.toml': 'usr/lib/bootc/install/50-test-kargs.toml',
  'ngarside-server__bootc_ops_kernel_kargs.toml': 'usr/lib/bootc/kargs.d/kargs.toml',
  'rhel-bootc-examples__azure_usr_lib_bootc_install_05-cloud-kargs.toml': 'usr/lib/bootc/install/05-cloud-kargs.toml',
};

const names = readdirSync(dir).filter((n) => n !== 'expected' && !n.endsWith('.md')).sort();

test('the corpus is there', () => {
  assert.ok(names.filter((n) => !n.endsWith('.toml')).length >= 30, `${names.length} files`);
});

for (const name of names) {
  if (name.endsWith('.toml') && !TOML_PATHS[name]) continue;
  test(`corpus: ${name}`, () => {
    const text = readFileSync(join(dir, name), 'utf8');
    const findings = name.endsWith('.toml')
      ? lintBootcToml(TOML_PATHS[name], text)
      : lintContainerfile(text);
    assert.ok(!findings.some((f) => f.message.includes('internal error')), findings.map((f) => f.message).join('\n'));
    const got = formatText(findings.map((f) => ({ ...f, file: name })));
    const expectedPath = join(dir, 'expected', `${name}.txt`);
    if (update) writeFileSync(expectedPath, got);
    assert.equal(got, readFileSync(expectedPath, 'utf8'));
  });
}
