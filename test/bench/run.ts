// `npm run bench`: runs every test/bench/*.bench.ts in turn (one at a time, so they do not compete for the
// two cores) and prints their figures. Each bench file prints lines of the form
//   bench <area> <metric>: <value> (median of N: min–max) [= <ratio>× <anchor>] (goal …) [load …]
// (test/bench/stats.ts), and ends with the whole run's time and the load average before and after.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loadBefore = load();
const t0 = Date.now();
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n== ${f}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; process.stdout.write(`bench ${f} FAILED (exit ${r.status})\n`); }
}
process.stdout.write(`\nbench total: ${((Date.now() - t0) / 60_000).toFixed(1)} min for ${files.length} files (goal ≤ 15 min); load average before ${loadBefore}, after ${load()}\n`);
process.exit(failed ? 1 : 0);
