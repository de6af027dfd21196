// `npm run setup`'s install paths, exercised from empty on every CI run: a machine that already has the tools
// must not be what keeps CI green. The libvirt network step is checked against real networks in each state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTools } from '../vscode/harness/tools.mjs';
import { startCodeServer } from '../vscode/harness/code-server.mjs';

const root = join(import.meta.dirname, '..', '..');
const virsh = (...args: string[]) => spawnSync('virsh', ['--connect', 'qemu:///system', ...args], { encoding: 'utf8' });
const activeState = (net: string) => /^Active:\s*(\S+)/m.exec(virsh('net-info', net).stdout)?.[1];

/** Defines a throw-away libvirt network, runs the setup step on it, and undefines it again. */
function withNetwork(bridge: string, active: boolean, check: (name: string, out: string) => void) {
  const name = `bootable-test-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'bootable-net-'));
  try {
    // No <ip>: an isolated bridge, no DHCP, nothing routed anywhere.
    writeFileSync(join(dir, 'net.xml'), `<network><name>${name}</name><bridge name='${bridge}'/></network>`);
    assert.equal(virsh('net-define', join(dir, 'net.xml')).status, 0);
    if (active) assert.equal(virsh('net-start', name).status, 0);
    const out = execFileSync('bash', [join(root, 'scripts/setup-network.sh'), name], { encoding: 'utf8' });
    check(name, out);
  } finally {
    virsh('net-destroy', name);
    virsh('net-undefine', name);
    rmSync(dir, { recursive: true, force: true });
  }
}

test('setup reports an active libvirt network as active, with no warning', () => {
  withNetwork(`btt${process.pid % 100000}a`, true, (name, out) => {
    assert.equal(out, `[setup] libvirt network '${name}' active\n`);
    assert.equal(activeState(name), 'yes');
  });
});

test('setup starts an inactive libvirt network and says so', () => {
  withNetwork(`btt${process.pid % 100000}b`, false, (name, out) => {
    assert.equal(out, `[setup] libvirt network '${name}' started\n`);
    assert.equal(activeState(name), 'yes');
  });
});

test('setup warns, with libvirt\'s reason, when a network cannot start', () => {
  // A bridge named like an existing non-bridge interface cannot be created.
  withNetwork('lo', false, (name, out) => {
    assert.match(out, new RegExp(`^\\[setup\\] warning: libvirt network '${name}' is not active \\(.*lo.*\\); VMs use user-mode networking`));
    assert.equal(activeState(name), 'no');
  });
});

test('npm run setup installs Node 24, code-server and playwright-core into an empty tools directory', { timeout: 40 * 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-tools-'));
  try {
    // Through `npm run`, as the README says: npm exports its own config (a Node 20 user agent) to the script.
    const res = spawnSync('npm', ['run', 'setup', '--', '--no-base'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, BOOTABLE_VSCODE_TOOLS: dir },
    });
    assert.equal(res.status, 0, `setup failed:\n${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, /installing Node 24/);
    assert.match(res.stdout, /installing code-server/);
    assert.match(res.stdout, /installing playwright-core/);

    const saved = process.env.BOOTABLE_VSCODE_TOOLS;
    process.env.BOOTABLE_VSCODE_TOOLS = dir;
    const t = findTools(); // throws, naming what is missing
    process.env.BOOTABLE_VSCODE_TOOLS = saved;
    if (saved === undefined) delete process.env.BOOTABLE_VSCODE_TOOLS;
    assert.equal(t.dir, dir);
    const node24 = join(t.node24, 'node');
    assert.match(execFileSync(node24, ['--version'], { encoding: 'utf8' }), /^v24\./);
    // code-server's postinstall built the bundled VS Code's native addons against Node 24.
    const vscodeDir = join(dir, 'cs', 'node_modules', 'code-server', 'lib', 'vscode');
    const spdlog = join(vscodeDir, 'node_modules', '@vscode', 'spdlog');
    assert.ok(existsSync(join(spdlog, 'build', 'Release', 'spdlog.node')), 'spdlog native addon built');
    execFileSync(node24, ['-e', `require(${JSON.stringify(spdlog)})`]);
    assert.doesNotMatch(readFileSync(join(dir, 'code-server-install.log'), 'utf8'), /ERROR: code-server currently requires/);
    const pw = JSON.parse(readFileSync(join(t.playwright, 'package.json'), 'utf8'));
    assert.equal(pw.name, 'playwright-core');
    // And the installed code-server serves a workbench on loopback.
    const cs = await startCodeServer({ tools: t });
    try {
      const page = await fetch(`http://127.0.0.1:${cs.port}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<html/i);
    } finally { await cs.stop(); }

    // Idempotent: a second run installs nothing.
    const again = execFileSync('bash', [join(root, 'scripts/setup-vscode-tools.sh'), dir], { encoding: 'utf8' });
    assert.equal(again, `[setup] VS Code test tools ready in ${dir}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
