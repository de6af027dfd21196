// package.json's settings are generated from the option descriptors and the rule catalogue (`npm run docs`);
// this fails when they drift, and checks how the editor reads untrusted setting values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSettings, settingGroups, settingsSchema } from '../../core/settings';
import { documentedRules } from '../../core/lint/catalogue';

const root = join(new URL('.', import.meta.url).pathname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('package.json settings equal what the descriptors and the catalogue generate (run `npm run docs`)', () => {
  const properties = pkg.contributes.configuration.properties;
  const expected = settingsSchema();
  // A setting that belongs to no option (the server's) is declared in core/settings.ts serverSettings.
  assert.deepEqual(Object.keys(properties).sort(), Object.keys(expected).sort());
  for (const [key, entry] of Object.entries(expected)) assert.deepEqual(properties[key], entry, key);
});

test('each setting-backed option: its package.json entry has its type, enum, default and range', () => {
  let checked = 0;
  for (const d of Object.values(settingGroups)) {
    for (const o of Object.values(d)) {
      if (!o.setting) continue;
      const entry = pkg.contributes.configuration.properties[`bootable.${o.setting.key}`];
      assert.ok(entry, o.setting.key);
      if (o.kind === 'enum') assert.deepEqual(entry.enum.filter((v: string) => v !== ''), o.values, o.setting.key);
      if (o.kind === 'integer') {
        assert.equal(entry.type, 'number');
        assert.deepEqual([entry.minimum, entry.maximum, entry.default * (o.scale ?? 1)], [o.min, o.max, o.default], o.setting.key);
      }
      if (o.default !== undefined && o.kind !== 'integer') assert.equal(entry.default, o.default, o.setting.key);
      checked++;
    }
  }
  assert.ok(checked >= 8, `only ${checked} settings`);
});

test('bootable.lint.rules names every rule of the catalogue, with the severities the CLI accepts', () => {
  const rules = pkg.contributes.configuration.properties['bootable.lint.rules'];
  assert.deepEqual(Object.keys(rules.properties), documentedRules().map((r) => r.id));
  assert.ok(Object.keys(rules.properties).includes('bootc-kargs'), 'TOML and image rules are settings too');
  for (const p of Object.values(rules.properties) as { enum: string[] }[]) assert.deepEqual(p.enum, ['error', 'warning', 'info', 'hint', 'off']);
});

test('settings are read through the same validators; invalid or empty values fall back to the default', () => {
  const values: Record<string, unknown> = { 'vm.memory': 4096, 'vm.cpus': 0, 'vm.readyTimeout': 60, 'libvirt.uri': '  ', 'vm.network': 'bridge' };
  assert.deepEqual(readSettings((k) => values[k], settingGroups.vm, '/w'), { memoryMiB: 4096, readyTimeoutMs: 60_000, ports: [] });
  const disk = readSettings((k) => ({ 'disk.type': 'vhd', 'disk.config': 'cfg/config.toml', 'builder.outputDir': '/abs/out', 'disk.rootfs': 'zfs' })[k], settingGroups.disk, '/w');
  assert.deepEqual(disk, { type: 'vhd', config: '/w/cfg/config.toml', output: '/abs/out' });
});

test('the language server checks bootable.lint.rules ids against the same catalogue', async () => {
  const { parseSettings } = await import('../../server/settings');
  const r = parseSettings({ lint: { rules: { 'no-such-rule': 'off', 'bootc-kargs': 'warning', 1234: 'off' } } })!;
  assert.deepEqual(r.settings.rules, { 'bootc-kargs': 'warning', 1234: 'off' });
  assert.deepEqual(r.problems, ['bootable.lint.rules.no-such-rule: no such rule (see docs/rules/)']);
});
