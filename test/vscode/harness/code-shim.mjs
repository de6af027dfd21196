#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }): it takes the
// Electron command line runTests builds (--extensionDevelopmentPath=, --extensionTestsPath=, [folder], and flags
// that do not apply here) and runs the same tests in code-server + Chromium. So the suite is launched by runTests
// unchanged: here through this shim, on a machine with internet in a downloaded desktop VS Code.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { runExtensionTests } from './run-tests.mjs';

export function parseElectronArgs(argv) {
  const out = { ext: undefined, tests: undefined, folder: undefined };
  const valued = new Set(['--user-data-dir', '--extensions-dir', '--locale', '--extensionDevelopmentPath', '--extensionTestsPath']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--extensionDevelopmentPath') out.ext ??= value();
    else if (flag === '--extensionTestsPath') out.tests = value();
    else if (valued.has(flag)) value();
    else if (a.startsWith('-')) continue; // --no-sandbox, --disable-updates, --skip-welcome, …: irrelevant here
    else out.folder ??= a;
  }
  return out;
}

const args = parseElectronArgs(process.argv.slice(2));
if (!args.ext || !args.tests) {
  console.error('code-shim: --extensionDevelopmentPath and --extensionTestsPath are required');
  process.exit(2);
}
let tests = resolve(args.tests);
if (!tests.endsWith('.js') && !tests.endsWith('.cjs') && existsSync(tests + '.js')) tests += '.js';
const folder = args.folder ? resolve(args.folder) : mkdtempSync(join(tmpdir(), 'bootable-vscode-ws-'));
const code = await runExtensionTests({
  ext: resolve(args.ext), tests, folder,
  // A backstop over the per-test timeouts: the up suite alone boots a VM and reboots it twice (update, rollback) under TCG.
  timeoutS: Number(process.env.BOOTABLE_VSCODE_TIMEOUT || 2400),
  screenshotDir: process.env.BOOTABLE_VSCODE_SCREENSHOTS,
});
process.exit(code);
