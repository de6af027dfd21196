// `npm run docs`: writes what is generated from the rule catalogue and the option descriptors —
// docs/rules/<id>.md for every rule plus docs/rules/README.md, and package.json's settings schema
// (contributes.configuration.properties). test/core/lint/docs.test.ts and test/core/settings.test.ts fail when
// the committed files drift from their sources.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleDocs } from '../core/lint/docs-render';
import { settingsSchema } from '../core/settings';

const root = join(new URL('.', import.meta.url).pathname, '..');
const dir = join(root, 'docs/rules');
mkdirSync(dir, { recursive: true });
const pages = renderRuleDocs();
for (const name of readdirSync(dir)) if (name.endsWith('.md') && !(name in pages)) rmSync(join(dir, name));
for (const [name, text] of Object.entries(pages)) writeFileSync(join(dir, name), text);
console.log(`wrote ${Object.keys(pages).length} pages to docs/rules/`);

const pkgPath = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
pkg.contributes.configuration.properties = settingsSchema();
writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
console.log(`wrote ${Object.keys(pkg.contributes.configuration.properties).length} settings to package.json`);
