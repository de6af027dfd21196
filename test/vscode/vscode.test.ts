// Runs the in-editor test suite (test/vscode/suite) inside a real VS Code and reports each in-editor test as a
// node:test subtest, so `npm test` counts them. Launched with @vscode/test-electron's runTests, unchanged:
// here its vscodeExecutablePath is our code-server + Chromium shim; with BOOTABLE_VSCODE=desktop (a machine with
// internet) runTests downloads desktop VS Code instead. Missing tools fail the test with what to install.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { findTools } from './harness/tools.mjs';
import { prepareWorkspace, root } from './workspace';

interface Result { name: string; ok: boolean; durationMs: number; error?: string; skipped?: string }

/** Bundles a suite entry, runs it in VS Code on a fresh test workspace, reports each in-editor test as a subtest. */
async function runSuite(t: TestContext, entry: string, env: Record<string, string> = {}): Promise<void> {
  const desktop = process.env.BOOTABLE_VSCODE === 'desktop';
  if (!desktop) findTools(); // throws with what to install
  for (const bundle of ['dist/extension.cjs', 'dist/server.cjs']) {
    assert.ok(existsSync(join(root, bundle)), `${bundle} missing: run \`npm run build\` first`);
  }
  const ws = await prepareWorkspace();
  try {
    const suite = join(ws.tmp, 'suite', 'index.js');
    await build({
      entryPoints: [join(root, 'test/vscode/suite', entry)], outfile: suite, bundle: true,
      platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], logLevel: 'warning', sourcemap: 'inline',
    });
    const results = join(ws.tmp, 'results.json');
    const screenshots = join(root, 'test-results', 'vscode');
    mkdirSync(screenshots, { recursive: true });
    let failure: unknown;
    try {
      await runTests({
        vscodeExecutablePath: desktop ? undefined : join(root, 'test/vscode/harness/code-shim.mjs'),
        extensionDevelopmentPath: root,
        extensionTestsPath: suite,
        launchArgs: [ws.dir],
        extensionTestsEnv: {
          BOOTABLE_VSCODE_RESULTS: results,
          BOOTABLE_VSCODE_TEST_IMAGE: ws.image,
          BOOTABLE_VSCODE_SCREENSHOTS: screenshots,
          BOOTABLE_VSCODE_UI: desktop ? '' : '1',
          BOOTABLE_OUTPUT_TO_CONSOLE: '1',
          ...env,
        },
      });
    } catch (err) {
      failure = err;
    }
    assert.ok(existsSync(results), `the in-editor suite wrote no results (${String(failure ?? 'no error')}); see the output above`);
    const list = JSON.parse(readFileSync(results, 'utf8')) as Result[];
    const grep = process.env.BOOTABLE_VSCODE_GREP;
    if (list.length === 0 && grep) { // a filter that selects nothing of this entry: said, not failed
      await t.test(`no in-editor test of ${entry} matches BOOTABLE_VSCODE_GREP=${grep}`, { skip: 'filtered out' }, () => {});
      return;
    }
    assert.ok(list.length > 0, 'the in-editor suite ran no tests');
    const ui = existsSync(`${results}.ui.json`) ? JSON.parse(readFileSync(`${results}.ui.json`, 'utf8')) as Result[] : [];
    for (const r of [...list, ...ui.map((u) => ({ ...u, name: `UI (Playwright): ${u.name}` }))]) {
      await t.test(r.name, { skip: r.skipped ?? false }, () => {
        if (!r.ok) throw new Error(r.error ?? 'failed');
      });
    }
    if (failure && list.every((r) => r.ok)) throw new Error(`VS Code exited with an error after all tests passed: ${String(failure)}`);
  } finally {
    await ws.cleanup();
  }
}

test('VS Code: in-editor tests (real VS Code through code-server + Chromium)', (t) => runSuite(t, 'index.ts'));

// Desktop VS Code through runTests always gets --disable-workspace-trust, so restricted mode is checked here only.
test('VS Code: untrusted workspace (restricted mode)', { skip: process.env.BOOTABLE_VSCODE === 'desktop' ? 'needs the code-server harness' : false },
  (t) => runSuite(t, 'untrusted.ts', { BOOTABLE_VSCODE_UNTRUSTED: '1' }));
