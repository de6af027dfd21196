// The VSIX: `vsce package --no-dependencies` makes it (the bundles carry the dependencies), it stays under the
// 1.5 MB goal, ships only what runs, and installs into a real VS Code (code-server --install-extension).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../core/util/process';
import { findTools } from './harness/tools.mjs';
import { root } from './workspace';

const vsce = join(root, 'node_modules', '.bin', 'vsce');
// userns-child: the disk builder re-enters itself in a user namespace when VS Code does not run as root.
const shipped = [/^package\.json$/, /^README\.md$/, /^LICENSE(\.md|\.txt)?$/, /^dist\/(extension|server|userns-child)\.cjs$/, /^syntaxes\/[\w.-]+\.json$/, /^docs\/rules\/[\w.-]+\.md$/, /^media\//];

test('VSIX: packaged, small, only runtime files, installs into VS Code', async (t) => {
  assert.ok(existsSync(vsce), 'node_modules/.bin/vsce missing: run `npm install`');
  assert.ok(existsSync(join(root, 'dist/extension.cjs')), 'dist/extension.cjs missing: run `npm run build` first');
  const tmp = mkdtempSync(join(tmpdir(), 'bootable-vsix-'));
  try {
    const vsix = join(tmp, 'bootable.vsix');
    await t.test('vsce package --no-dependencies succeeds', async () => {
      // The README's command: `npm run package` (build, then vsce package), into a temp file.
      await run(['npm', 'run', 'package', '--', '-o', vsix], { cwd: root, timeoutMs: 180_000 });
      assert.ok(existsSync(vsix));
    });
    await t.test('the VSIX is under 1.5 MB', () => {
      const size = statSync(vsix).size;
      console.log(`bench client vsix-size: ${(size / 1024).toFixed(0)} KiB`);
      assert.ok(size < 1.5 * 1024 * 1024, `VSIX is ${size} bytes`);
    });
    await t.test('it ships only the bundles, grammars, rule docs, media, README and package.json', async () => {
      const listed = (await run([vsce, 'ls', '--no-dependencies'], { cwd: root })).stdout.split('\n').map((l) => l.trim()).filter(Boolean);
      assert.ok(listed.includes('dist/extension.cjs') && listed.includes('dist/server.cjs'), `bundles missing: ${listed.join(', ')}`);
      const stray = listed.filter((f) => !shipped.some((re) => re.test(f)));
      assert.deepEqual(stray, [], 'files that should not ship');
    });
    await t.test('code-server installs it', async () => {
      const tools = findTools();
      const ext = join(tmp, 'extensions');
      for (const d of ['xdg', 'user', 't']) mkdirSync(join(tmp, d));
      await run([tools.codeServer, '--extensions-dir', ext, '--user-data-dir', join(tmp, 'user'), '--install-extension', vsix], {
        timeoutMs: 120_000,
        env: { PATH: `${tools.node24}:${process.env.PATH}`, XDG_DATA_HOME: join(tmp, 'xdg'), XDG_CONFIG_HOME: join(tmp, 'xdg'), TMPDIR: join(tmp, 't') },
      });
      const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
      const installed = join(ext, `bootable.bootable-${version}`);
      assert.ok(existsSync(join(installed, 'dist', 'extension.cjs')), `not installed in ${installed}`);
      assert.ok(existsSync(join(installed, 'dist', 'server.cjs')));
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
