// Writes docs/rules/<id>.md for every rule of the catalogue (and the bootc TOML rules), plus docs/rules/README.md.
// `npm run docs` runs it; test/core/lint/docs.test.ts fails when the committed pages drift from the catalogue.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleDocs } from '../core/lint/docs-render';

const root = join(new URL('.', import.meta.url).pathname, '..');
const dir = join(root, 'docs/rules');
mkdirSync(dir, { recursive: true });
const pages = renderRuleDocs();
for (const name of readdirSync(dir)) if (name.endsWith('.md') && !(name in pages)) rmSync(join(dir, name));
for (const [name, text] of Object.entries(pages)) writeFileSync(join(dir, name), text);
console.log(`wrote ${Object.keys(pages).length} pages to docs/rules/`);
