#!/usr/bin/env node
// Runs a VS Code extension's integration tests inside a real VS Code: code-server + the web workbench in headless
// Chromium, with the extension under development and the test module passed in the workbench payload (the same
// mechanism VS Code's own browser integration tests use). The tests run in the Node extension host, so the
// language server, child processes and the file system all work. Output of the extension host arrives through
// window.codeAutomationLog, the exit code through window.codeAutomationExit.
//
// CLI: node run-tests.mjs --ext DIR --tests MODULE.js --folder DIR [--timeout S] [--screenshot-dir DIR]
// A test can console.log('@@screenshot:NAME') to get DIR/NAME.png of the live window.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
export async function runExtensionTests({ ext, tests, folder, timeoutS = 600, screenshotDir, env = {}, onLine = (l) => console.log(l),
  uiResults = process.env.BOOTABLE_VSCODE_RESULTS && `${process.env.BOOTABLE_VSCODE_RESULTS}.ui.json` }) {
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
    // Every URL a page of the window requested (openExternal opens a new page): UI checks can ask for one.
    const requested = [];
    page.context().on('request', (r) => { requested.push(r.url()); });
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
      if (first.startsWith('@@ui:')) {
        await uiCheck(page, JSON.parse(first.slice(5)), { screenshotDir, resultsFile: uiResults, note, requested });
        return;
      }
      if (!process.env.VERBOSE && noise.test(first)) return;
      onLine((args ?? []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
    if (process.env.VERBOSE) page.on('console', (m) => onLine(`[browser ${m.type()}] ${m.text()}`));
    // Waits only for the navigation to start: the workbench's own exit signal (or the overall deadline below) says
    // when it is done. (Playwright's default 30 s for the whole page load failed runs on a loaded machine.)
    await page.goto(workbenchUrl(server, { folder, extensionDevelopmentPath: ext, extensionTestsPath: tests }), { waitUntil: 'commit', timeout: timeoutS * 1000 });
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

/** Awaits one stage of a UI check; a failure names the stage it waited for. */
async function stage(what, promise) {
  try {
    return await promise;
  } catch (e) {
    throw new Error(`waiting for ${what}: ${String(e && e.message || e).split('\n')[0]}`);
  }
}

/**
 * A Playwright check of the live window, requested by an in-editor test with
 * console.log('@@ui:' + JSON.stringify({name, within, texts})): waits until an element matching the CSS selector
 * `within` contains every text, and no element matches any `absent` selector; saves a screenshot NAME.png, and
 * appends {name, ok, error} to the results file
 * (the in-editor test waits for that entry; the node:test side reports each as a subtest).
 */
async function uiCheck(page, { name, within, texts, absent = [], timeoutMs = 20_000, notifications = false, quickFix = false, request },
  { screenshotDir, resultsFile, note, requested = [] }) {
  let error;
  try {
    // A notification the extension shows after some work: keep the notification center open until it is listed
    // (toasts are not drawn while extension tests run, and an empty center may close before the message comes).
    for (const until = Date.now() + timeoutMs; notifications && Date.now() < until;) {
      if (await page.locator(within, { hasText: texts[0] ?? '' }).count()) break;
      if (!(await page.locator('.notifications-center.visible').count())) {
        await page.locator('[id="status.notifications"]').first().click({ timeout: 2000 }).catch(() => {});
      }
      await sleep(300);
    }
    // The quick-fix menu, opened once its real preconditions hold, in order: the window has the marker (its
    // squiggle is drawn), the window has computed the code actions at the cursor (the light bulb shows, in the
    // gutter or as a content widget), then one click on the bulb opens the menu with those same actions. (Pressing
    // Ctrl+. on a timer raced both: under load a new press cancelled the previous, slow code-action request.)
    if (quickFix) {
      const editor = page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
      await stage('the warning squiggle in the editor', editor.locator('.squiggly-warning, .squiggly-error').first().waitFor({ timeout: timeoutMs }));
      const bulb = editor.locator('.gutter-lightbulb:visible, .lightBulbWidget:visible').first();
      await stage('the code-action light bulb at the cursor', bulb.waitFor({ state: 'visible', timeout: timeoutMs }));
      await stage('a click on the light bulb', bulb.click({ timeout: timeoutMs }));
    }
    for (const text of texts) await page.locator(within, { hasText: text }).first().waitFor({ timeout: timeoutMs });
    // A URL the window must have requested (an opened browser page): one containing any of `request`; waited for,
    // then the pages it opened are closed.
    const wanted = request === undefined ? [] : [request].flat();
    for (const until = Date.now() + timeoutMs; wanted.length && !requested.some((u) => wanted.some((w) => u.includes(w)));) {
      if (Date.now() > until) throw new Error(`no request to a URL with ${wanted.join(' or ')}; requested: ${requested.slice(-5).join(' ')}`);
      await sleep(100);
    }
    if (request) for (const other of page.context().pages()) if (other !== page) await other.close().catch(() => {});
    // Absent: waits for the element to go (context keys and toasts update asynchronously), fails if it stays.
    for (const selector of absent) {
      try {
        await page.locator(selector).first().waitFor({ state: 'detached', timeout: 5000 });
      } catch {
        throw new Error(`still present: ${selector}: ${await page.locator(selector).first().evaluate((e) => e.outerHTML).catch(() => '?')}`);
      }
    }
  } catch (e) {
    error = String(e && e.message || e).split('\n')[0];
  }
  if (screenshotDir) {
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, `ui-${name.replace(/[^\w.-]/g, '_')}.png`) }).catch(() => {});
  }
  note(`ui check ${name}: ${error ? `FAILED ${error}` : 'ok'}`);
  if (!resultsFile) return;
  const all = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : [];
  all.push({ name, ok: !error, error });
  writeFileSync(resultsFile, JSON.stringify(all, null, 2));
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
