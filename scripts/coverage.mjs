// `npm run coverage`: runs the fast suites (every test/ folder but e2e and vscode, as test/run.mjs runs them) with
// V8 coverage (NODE_V8_COVERAGE) and prints the line coverage of core/, server/ and client/. Not part of
// `npm test`: a figure, not a gate. `npm run coverage -- test/core/lint` measures only the given folders or files.
// Coverage is mapped back to the TypeScript sources through source maps: tsx's for the files tests import, the
// bundles' (dist/*.cjs.map) for the server and CLI the tests spawn. Lines are counted as c8 counts them (every
// source line, comments included, takes the count of the code around it); files no fast test loads count with
// every line uncovered (client/ runs only in the in-editor suite).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const require = createRequire(import.meta.url);
const v8toIstanbul = require('v8-to-istanbul');

const root = fileURLToPath(new URL('..', import.meta.url));
const areas = ['core', 'server', 'client'];
const suites = process.argv.length > 2 ? process.argv.slice(2) : readdirSync(join(root, 'test'))
  .filter((n) => !['e2e', 'vscode', 'bench', 'fixtures'].includes(n) && statSync(join(root, 'test', n)).isDirectory())
  .map((n) => `test/${n}`);

const areaOf = (file) => {
  // v8-to-istanbul hands the exclude callback file: URLs for sources found through a source map.
  const rel = relative(root, file.startsWith('file://') ? fileURLToPath(file) : file);
  const area = rel.split(sep)[0];
  return areas.includes(area) && rel.endsWith('.ts') && !rel.endsWith('.d.ts') ? area : undefined;
};

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const dir = mkdtempSync(join(tmpdir(), 'bootable-coverage-'));
/** file → line → covered (it ran at least once in some process). */
const lines = new Map();
function record(istanbul) {
  for (const [file, data] of Object.entries(istanbul)) {
    if (!areaOf(file)) continue;
    const byLine = lines.get(file) ?? new Map();
    lines.set(file, byLine);
    for (const [id, loc] of Object.entries(data.statementMap)) {
      byLine.set(loc.start.line, (byLine.get(loc.start.line) ?? false) || data.s[id] > 0);
    }
  }
}

let testStatus;
try {
  const tests = spawnSync(process.execPath, ['test/run.mjs', ...suites],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_V8_COVERAGE: join(dir, 'v8') } });
  testStatus = tests.status ?? 1;

  for (const name of readdirSync(join(dir, 'v8'))) {
    const cov = JSON.parse(readFileSync(join(dir, 'v8', name), 'utf8'));
    const maps = cov['source-map-cache'] ?? {};
    for (const script of cov.result) {
      if (!script.url.startsWith('file://')) continue;
      const path = fileURLToPath(script.url);
      const bundle = relative(root, path).startsWith(`dist${sep}`) && path.endsWith('.cjs');
      if (!bundle && !areaOf(path)) continue;
      const map = maps[script.url];
      if (!map?.data) continue; // without a source map the lines cannot be mapped to the TypeScript source
      // The source as run (tsx's transform or the bundle), stood in for by its line lengths as c8 does.
      const source = map.lineLengths.map((n) => ''.padEnd(n, '.')).join('\n');
      const converter = v8toIstanbul(path, 0, { source, sourceMap: { sourcemap: map.data } }, (p) => !areaOf(p));
      await converter.load();
      converter.applyCoverage(script.functions);
      record(converter.toIstanbul());
    }
  }

  // Files no test loaded: their lines, none run (transformed as tsx does, with esbuild; '(empty-report)' is
  // v8-to-istanbul's name for "nothing of this file ran", as c8 --all uses it).
  const walk = (d) => readdirSync(d).flatMap((n) => statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]);
  for (const file of areas.flatMap((a) => walk(join(root, a))).filter(areaOf)) {
    if (lines.has(file)) continue;
    const { code, map } = await transform(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm', sourcemap: 'external', sourcefile: file });
    const converter = v8toIstanbul(file, 0, { source: code, sourceMap: { sourcemap: JSON.parse(map) } }, (p) => !areaOf(p));
    await converter.load();
    converter.applyCoverage([{ functionName: '(empty-report)', isBlockCoverage: true, ranges: [{ startOffset: 0, endOffset: code.length, count: 0 }] }]);
    record(converter.toIstanbul());
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nline coverage of ${suites.join(', ')}:`);
for (const area of areas) {
  let covered = 0, total = 0, files = 0, loaded = 0;
  for (const [file, byLine] of lines) {
    if (areaOf(file) !== area) continue;
    files++;
    if ([...byLine.values()].some(Boolean)) loaded++;
    total += byLine.size;
    covered += [...byLine.values()].filter(Boolean).length;
  }
  const pct = total ? (100 * covered / total).toFixed(1) : '0.0';
  console.log(`  ${`${area}/`.padEnd(8)} ${pct.padStart(5)} %  (${covered} of ${total} lines; ${loaded} of ${files} files run)`);
}
if (testStatus !== 0) console.log(`(the test run itself failed with exit code ${testStatus}; see above)`);
process.exit(testStatus);
