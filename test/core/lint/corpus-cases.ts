// The corpus cases (test/fixtures/corpus, see SOURCES.md): each file, how bootable lints it, and where its by-eye
// reviewed expectation lives. Shared by corpus.test.ts (compares) and scripts/update-golden.ts (rewrites).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintBootcToml, lintContainerfile } from '../../../core/lint/index';
import { formatText } from '../../../core/lint/format/index';
import type { Finding } from '../../../core/lint/index';

export const corpusDir = join(new URL('.', import.meta.url).pathname, '../../fixtures/corpus');

/** Where each TOML companion lives in its image (the corpus flattens paths); others are builder configs, not ours. */
const TOML_PATHS: Record<string, string> = {
  'aurora__system_files_shared_usr_lib_bootc_install_20-aurora.toml': 'usr/lib/bootc/install/20-aurora.toml',
  'bootc__contrib_packaging_usr-extras_lib_bootc_kargs.d_21-console-hvc0.toml': 'usr/lib/bootc/kargs.d/21-console-hvc0.toml',
  'bootc__hack_install-test-configs_50-test-kargs.toml': 'usr/lib/bootc/install/50-test-kargs.toml',
  'ngarside-server__bootc_ops_kernel_kargs.toml': 'usr/lib/bootc/kargs.d/kargs.toml',
  'rhel-bootc-examples__azure_usr_lib_bootc_install_05-cloud-kargs.toml': 'usr/lib/bootc/install/05-cloud-kargs.toml',
};

export interface CorpusCase {
  name: string;
  expectedPath: string;
  lint(): Finding[];
}

export function corpusCases(): CorpusCase[] {
  return readdirSync(corpusDir)
    .filter((n) => n !== 'expected' && !n.endsWith('.md'))
    .filter((n) => !n.endsWith('.toml') || TOML_PATHS[n])
    .sort()
    .map((name) => ({
      name,
      expectedPath: join(corpusDir, 'expected', `${name}.txt`),
      lint() {
        const text = readFileSync(join(corpusDir, name), 'utf8');
        return name.endsWith('.toml') ? lintBootcToml(TOML_PATHS[name], text) : lintContainerfile(text);
      },
    }));
}

/** The text the expectation holds: findings in the text format, each with the corpus file's name. */
export function corpusText(c: CorpusCase, findings: Finding[]): string {
  return formatText(findings.map((f) => ({ ...f, file: c.name })));
}
