// Every command the manifest contributes is registered by the extension, and the manifest is consistent.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';
import { test } from './runner';

test('commands: every contributed command is registered', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const contributed = (ext.packageJSON.contributes.commands as { command: string; category: string }[]);
  assert.ok(contributed.length >= 17, `only ${contributed.length} commands contributed`);
  for (const c of contributed) assert.equal(c.category, 'bootable', `${c.command} has no bootable category`);
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
  assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
});

test('commands: every setting has a description and a default', () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const props = ext.packageJSON.contributes.configuration.properties as Record<string, { default?: unknown; description?: string; markdownDescription?: string }>;
  const names = Object.keys(props);
  for (const want of ['bootable.podman.connection', 'bootable.libvirt.uri', 'bootable.builder.outputDir', 'bootable.disk.type',
    'bootable.disk.rootfs', 'bootable.disk.config', 'bootable.vm.memory', 'bootable.vm.cpus', 'bootable.vm.readyTimeout', 'bootable.lint.enable', 'bootable.lint.rules']) {
    assert.ok(names.includes(want), `setting ${want} missing`);
  }
  for (const [name, p] of Object.entries(props)) {
    assert.ok(p.description || p.markdownDescription, `${name} has no description`);
    assert.notEqual(p.default, undefined, `${name} has no default`);
    assert.deepEqual(vscode.workspace.getConfiguration().inspect(name)?.defaultValue, p.default, `${name}: VS Code sees another default`);
  }
});
