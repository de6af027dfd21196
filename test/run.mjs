// Runs every test file under test/ (or under the paths given) with node:test and tsx,
// prints the spec report, and ends with one line: "N passed, N failed, N skipped".
// Fast suites run two at a time; test/e2e/** and test/vscode/** run one file at a time (they share podman,
// libvirt and the 2 cores, and boot VMs); `*.alone.test.ts` files measure CPU time or memory, which a neighbour
// on the other core inflates, so they run one at a time too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

// Golden files are rewritten by `npm run update-golden` (scripts/update-golden.ts), never by a test run: a test
// that writes its expected output and then compares it with itself cannot fail.
const goldenVars = ['UPDATE_EXPECTED', 'BOOTABLE_UPDATE_GOLDEN'].filter((v) => process.env[v] !== undefined);
if (goldenVars.length) {
  console.error(`${goldenVars.join(', ')} set: tests never update golden files; unset it and run \`npm run update-golden\` instead`);
  process.exit(1);
}
const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test'];

function collect(path, out) {
  const st = statSync(path);
  if (st.isFile()) { if (path.endsWith('.test.ts')) out.push(path); return out; }
  for (const name of readdirSync(path).sort()) {
    if (name === 'fixtures' || name === 'node_modules') continue;
    collect(join(path, name), out);
  }
  return out;
}

const files = roots.flatMap((r) => collect(join(root, r), []));
const serial = (f) => /^test\/(e2e|vscode)\//.test(relative(root, f)) || f.endsWith('.alone.test.ts');
const fast = files.filter((f) => !serial(f));
const e2e = files.filter(serial);

const countsDir = mkdtempSync(join(tmpdir(), 'bootable-test-'));
let passed = 0, failed = 0, skipped = 0;
function runGroup(group, concurrency, name) {
  if (group.length === 0) return;
  const counts = join(countsDir, `${name}.json`);
  const res = spawnSync(process.execPath, [
    '--import', 'tsx', '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'test/count-reporter.mjs')}`, `--test-reporter-destination=${counts}`,
    ...group,
  ], { cwd: root, stdio: 'inherit', env: { ...process.env, BOOTABLE_ROOT: root } });
  let c = { passed: 0, failed: 0, skipped: 0 };
  try { c = JSON.parse(readFileSync(counts, 'utf8')); } catch { /* reporter never ran */ }
  // A runner that died without reporting is one failure, not silence.
  if (res.status !== 0 && c.failed === 0) c.failed = 1;
  passed += c.passed; failed += c.failed; skipped += c.skipped;
}
runGroup(fast, 2, 'fast');
runGroup(e2e, 1, 'e2e');
rmSync(countsDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
