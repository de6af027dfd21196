// A minimal test runner for inside the VS Code extension host: tests register with test(name, fn), run() runs
// them in order with a per-test timeout, prints one line each, writes every result as JSON to the file named by
// BOOTABLE_VSCODE_RESULTS (the node:test side turns them into subtests), and rejects when any failed — which
// makes the extension host exit non-zero, as @vscode/test-electron expects.
import { writeFileSync } from 'node:fs';

export interface TestResult { name: string; ok: boolean; durationMs: number; error?: string }

interface Registered { name: string; fn: () => Promise<void> | void; timeoutMs: number }

const registered: Registered[] = [];
const afterAllHooks: (() => Promise<void> | void)[] = [];

/** Runs after all tests, pass or fail (cleanup of what a suite shares across its tests); a failure is printed. */
export function afterAll(fn: () => Promise<void> | void): void {
  afterAllHooks.push(fn);
}

export function test(name: string, fn: () => Promise<void> | void, timeoutMs = 60_000): void {
  registered.push({ name, fn, timeoutMs });
}

function withTimeout(promise: Promise<void>, ms: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runAll(filter = process.env.BOOTABLE_VSCODE_GREP): Promise<void> {
  const results: TestResult[] = [];
  const save = () => { if (process.env.BOOTABLE_VSCODE_RESULTS) writeFileSync(process.env.BOOTABLE_VSCODE_RESULTS, JSON.stringify(results, null, 2)); };
  for (const t of registered) {
    if (filter && !new RegExp(filter).test(t.name)) continue; // BOOTABLE_VSCODE_GREP: a regular expression
    const started = Date.now();
    try {
      await withTimeout(Promise.resolve().then(t.fn), t.timeoutMs, t.name);
      results.push({ name: t.name, ok: true, durationMs: Date.now() - started });
      console.log(`  ✔ ${t.name} (${Date.now() - started} ms)`);
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      results.push({ name: t.name, ok: false, durationMs: Date.now() - started, error });
      console.log(`  ✖ ${t.name} (${Date.now() - started} ms)\n${error}`);
    }
    save(); // after each test, so a crash of the host still leaves the results so far
  }
  for (const hook of afterAllHooks) {
    try { await withTimeout(Promise.resolve().then(hook), 120_000, 'afterAll'); } catch (err) { console.log(`  afterAll failed: ${String(err)}`); }
  }
  save();
  const failed = results.filter((r) => !r.ok).length;
  console.log(`in-editor tests: ${results.length - failed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} in-editor test(s) failed`);
}
