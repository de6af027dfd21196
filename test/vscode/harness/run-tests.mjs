#!/usr/bin/env node
// Runs a VS Code extension's integration tests inside a real VS Code: code-server + the web workbench in headless
// Chromium, with the extension under development and the test module passed in the workbench payload (the same
// mechanism VS Code's own browser integration tests use). The tests run in the Node extension host, so the
// language server, child processes and the file system all work. Output of the extension host arrives through
// window.codeAutomationLog, the exit code through window.codeAutomationExit.
//
// CLI: node run-tests.mjs --ext DIR --tests MODULE.js --folder DIR [--timeout S] [--screenshot-dir DIR]
// A test can console.log('@@screenshot:NAME') to get DIR/NAME.png of the live window.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { startCodeServer, workbenchUrl } from './code-server.mjs';
import { chromiumArgs, findTools, loadChromium } from './tools.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Offline noise from the workbench (gallery, telemetry, auth lookups): dropped unless VERBOSE=1.
const noise = /ENOTFOUND|open-vsx|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|authentication provider|^(Resolving|Resolved|Creating a socket|Updating additional|\[reconnection-grace-time\]|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\])/;

/**
 * @param {{ext:string, tests:string, folder:string, timeoutS?:number, screenshotDir?:string, env?:object,
 *           onLine?:(line:string)=>void}} opts
 * @returns {Promise<number>} the extension host's exit code (2 on timeout, 1 on a harness error)
 */
export async function runExtensionTests({ ext, tests, folder, timeoutS = 600, screenshotDir, env = {}, onLine = (l) => console.log(l) }) {
  const tools = findTools();
  const started = Date.now();
  const note = (msg) => onLine(`[vscode-harness ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
  const server = await startCodeServer({ tools, env });
  note(`code-server on ${server.authority} (state in ${server.dir})`);
  let browser;
  let code = 1;
  try {
    browser = await loadChromium(tools).launch({ executablePath: tools.chromium, headless: true, args: chromiumArgs });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exit = new Promise((resolveExit) => {
      page.exposeFunction('codeAutomationExit', (c) => resolveExit(c));
    });
    await page.exposeFunction('codeAutomationLog', async (type, args) => {
      const first = String(args && args[0]);
      if (first.startsWith('@@screenshot:') && screenshotDir) {
        mkdirSync(screenshotDir, { recursive: true });
        const file = join(screenshotDir, first.slice(13).replace(/[^\w.-]/g, '_') + '.png');
        try { await page.screenshot({ path: file }); note(`screenshot ${file}`); } catch (e) { note(`screenshot failed: ${e}`); }
        return;
      }
      if (!process.env.VERBOSE && noise.test(first)) return;
      onLine((args ?? []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
    if (process.env.VERBOSE) page.on('console', (m) => onLine(`[browser ${m.type()}] ${m.text()}`));
    await page.goto(workbenchUrl(server, { folder, extensionDevelopmentPath: ext, extensionTestsPath: tests }));
    const result = await Promise.race([exit, sleep(timeoutS * 1000).then(() => 'timeout')]);
    if (result === 'timeout') {
      note(`TIMEOUT after ${timeoutS} s`);
      if (screenshotDir) await page.screenshot({ path: join(screenshotDir, 'timeout.png') }).catch(() => {});
      code = 2;
    } else {
      code = Number(result);
      note(`extension host exited with code ${code}`);
    }
  } catch (err) {
    note(`ERROR ${err && err.stack || err}`);
    code = 1;
  } finally {
    await browser?.close().catch(() => {});
    const keep = code !== 0 || !!process.env.KEEP_LOGS;
    await server.stop(keep);
    if (keep) note(`code-server logs kept in ${server.dir}`);
  }
  return code;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: {
    ext: { type: 'string' }, tests: { type: 'string' }, folder: { type: 'string' },
    timeout: { type: 'string', default: '600' }, 'screenshot-dir': { type: 'string' },
  } });
  if (!values.ext || !values.tests || !values.folder) {
    console.error('usage: run-tests.mjs --ext DIR --tests MODULE.js --folder DIR [--timeout S] [--screenshot-dir DIR]');
    process.exit(2);
  }
  const code = await runExtensionTests({
    ext: resolve(values.ext), tests: resolve(values.tests), folder: resolve(values.folder),
    timeoutS: Number(values.timeout), screenshotDir: values['screenshot-dir'] && resolve(values['screenshot-dir']),
  });
  process.exit(code);
}
