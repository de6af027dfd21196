// Starts a throw-away code-server (= VS Code 1.139 server + web workbench) on a free loopback port, with all its
// state (user data, extensions, XDG dirs, IPC sockets) in one temp dir, and stops it with its whole process group.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Settings for a quiet, deterministic window. */
const quietSettings = {
  'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
  'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden', 'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  // The DOM renderer: a terminal's text is in the page, where UI checks read it.
  'terminal.integrated.gpuAcceleration': 'off',
};

/**
 * @param {{tools: ReturnType<import('./tools.mjs').findTools>, settings?: object, env?: object, trusted?: boolean}} opts
 * @returns {Promise<{port:number, authority:string, dir:string, logPath:string, remote:(p:string)=>string, stop:(keep?:boolean)=>Promise<void>}>}
 */
export async function startCodeServer({ tools, settings = {}, env = {}, trusted = process.env.BOOTABLE_VSCODE_UNTRUSTED !== '1' }) {
  // Untrusted: workspace trust on, no prompt, so the folder opens in restricted mode.
  if (!trusted) settings = { ...settings, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false };
  const dir = mkdtempSync(join(tmpdir(), 'bootable-vscode-'));
  for (const d of ['user/User', 'extensions', 'xdg-data', 'xdg-config', 't']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'config.yaml'), '');
  writeFileSync(join(dir, 'user', 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...settings }, null, 2));
  const port = await freePort();
  const args = ['--config', join(dir, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', ...(trusted ? ['--disable-workspace-trust'] : []), '--disable-getting-started-override',
    '--user-data-dir', join(dir, 'user'), '--extensions-dir', join(dir, 'extensions'), '--ignore-last-opened',
    // A built workbench honours the URL payload (extensionDevelopmentPath / extensionTestsPath) only with the
    // smoke-test driver enabled; code-server passes the option through to VS Code.
    '--vscode-option', 'enable-smoke-test-driver'];
  const logPath = join(dir, 'code-server.log');
  const log = createWriteStream(logPath);
  const child = spawn(tools.codeServer, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: stop() takes the extension host and the language server with it
    env: {
      ...process.env, ...env,
      PATH: `${tools.node24}:${process.env.PATH}`,
      XDG_DATA_HOME: join(dir, 'xdg-data'), XDG_CONFIG_HOME: join(dir, 'xdg-config'), TMPDIR: join(dir, 't'),
    },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = false;
  child.on('exit', () => { exited = true; });

  const stop = async (keep = false) => {
    for (const sig of ['SIGTERM', 'SIGKILL']) {
      if (exited) break;
      try { process.kill(-child.pid, sig); } catch { break; }
      for (let i = 0; i < 20 && !exited; i++) await sleep(100);
    }
    log.end();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };

  try {
    for (let i = 0; ; i++) {
      if (exited) throw new Error(`code-server exited at start; see ${logPath}`);
      try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* not up yet */ }
      if (i > 600) throw new Error(`code-server did not answer within 60 s; see ${logPath}`);
      await sleep(100);
    }
  } catch (err) {
    await stop(true);
    throw err;
  }
  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${p.split(sep).join('/')}`;
  return { port, authority, dir, logPath, remote, stop };
}

/** The workbench URL for a folder, with the development payload (extension under development, test module). */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', server.remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', server.remote(extensionTestsPath)]);
  return `http://${server.authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
