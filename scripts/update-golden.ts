// `npm run update-golden`: rewrites the golden files the tests compare with (the lint corpus expectations and the
// domain XML), from the same cases the tests use. Never part of a test run: review the diff, then commit.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusCases, corpusText } from '../test/core/lint/corpus-cases';
import { goldenDomains, vmFixtures } from '../test/core/vm/domain-golden';
import { domainXml } from '../core/vm/domain-xml';

let changed = 0, total = 0;
function write(path: string, text: string) {
  total++;
  let old: string | undefined;
  try { old = readFileSync(path, 'utf8'); } catch { /* a new case */ }
  if (old === text) return;
  writeFileSync(path, text);
  changed++;
  console.log(`updated ${path}`);
}

for (const c of corpusCases()) write(c.expectedPath, corpusText(c, c.lint()));
for (const g of goldenDomains) write(join(vmFixtures, g.file), domainXml(g.spec));
console.log(`${changed} of ${total} golden files changed${changed ? ': review `git diff test/fixtures`' : ''}`);
