// The container commands on one real container (podman, the local base image: it has a shell): Show Container Logs
// opens a terminal that shows the container's output, Open Shell in Container opens a shell inside that container,
// Stop Container stops and removes it.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { BASE_IMAGE } from '../../../core/base/recipe';
import { exitCodeAfter, uiExpect, waitForTerminal } from './helpers';
import { test } from './runner';

const suffix = randomBytes(4).toString('hex');
const name = `bootable-test-vscode-ctr-${suffix}`;
const greeting = `hello from ${suffix}`;
const marker = `/tmp/bootable-test-${suffix}`;

test('containers: Show Container Logs, Open Shell in Container and Stop Container act on a running container', async () => {
  // Writes a marker only this container has, says hello on stdout, exits at once on SIGTERM.
  execFileSync('podman', ['run', '-d', '--name', name, BASE_IMAGE, 'sh', '-c',
    `touch ${marker}; echo "${greeting}"; trap 'exit 0' TERM; while :; do sleep 1; done`]);
  try {
    await vscode.commands.executeCommand('bootable.containerLogs', name);
    const logTerm = await waitForTerminal(`logs: ${name}`);
    logTerm.show();
    await uiExpect('container-logs', '.xterm-rows', [greeting]);
    logTerm.dispose();

    await vscode.commands.executeCommand('bootable.containerShell', name);
    const shell = await waitForTerminal(`shell: ${name}`);
    // Exits 0 only inside this container (its marker), and the terminal then closes with podman exec's status.
    assert.equal(await exitCodeAfter(shell, `test -e ${marker} && exit 0 || exit 3`), 0);

    await vscode.commands.executeCommand('bootable.stopContainer', name);
    assert.equal(spawnSync('podman', ['container', 'exists', name]).status, 1, `${name} still exists after Stop Container`);
  } finally {
    spawnSync('podman', ['rm', '--force', '--ignore', '--time', '0', name]);
  }
}, 120_000);
