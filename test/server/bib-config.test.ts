// bootc-image-builder configs through the real server (issue 17 part 2): recognised by name, content or the
// bootable.disk.config setting (never other JSON), diagnostics from the builder's validator on the exact key in
// TOML and JSON, hover docs, completion of keys and values, and the Preview disk layout lens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './lsp-client';
import { fields } from '../../server/bib-config/schema';
import { parseConfigText } from '../../core/builder/config/load';
import { jsonKeyRanges, tomlKeyRanges, rangeForPath } from '../../server/bib-config/positions';

let client: LspClient;
before(async () => { client = await LspClient.start(); });
after(() => client?.kill());

const dir = 'file:///tmp/bootable-server-bib';
const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHf3KOXxh0nqTHv3yNRcYWo7JjQf2nLlDxBeI5yX4wUS me@host';

test('a config.toml with customizations: a bad user name is an error on that name, in the [[customizations.user]] it is in', async () => {
  const text = `[[customizations.user]]\nname = "alice"\nkey = "${key}"\n\n[[customizations.user]]\nname = "Bad Name"\n`;
  const { diagnostics } = await client.open(`${dir}/a/config.toml`, text, 'toml');
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  const d = diagnostics[0]!;
  assert.equal(d.severity, 1);
  assert.equal(d.code, 'builder-config');
  assert.match(d.message, /customizations\.user\[1\]\.name/);
  assert.deepEqual(d.range, { start: { line: 5, character: 0 }, end: { line: 5, character: 4 } });
});

test('every problem of a config at once: one diagnostic on each key (a user name, a gid, a mountpoint, an unknown table)', async () => {
  const text = [
    '[[customizations.user]]', 'name = "Bad Name"', '',
    '[[customizations.group]]', 'name = "ops"', 'gid = -1', '',
    '[[customizations.filesystem]]', 'mountpoint = "/usr"', 'minsize = "1 GiB"', '',
    '[customizations.kernal]', 'append = "quiet"', '',
  ].join('\n');
  const { diagnostics } = await client.open(`${dir}/all/config.toml`, text, 'toml');
  const got = diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.severity, d.message.split(':')[0]]);
  assert.deepEqual(got, [
    [11, 0, 23, 1, 'customizations.kernal'],
    [1, 0, 4, 1, 'customizations.user[0].name'],
    [5, 0, 3, 1, 'customizations.group[0].gid'],
    [8, 0, 10, 1, 'customizations.filesystem[0].mountpoint'],
  ], JSON.stringify(diagnostics));
  assert.match(diagnostics[1]!.message, /"Bad Name" is not a valid user name/);
  assert.match(diagnostics[3]!.message, /path "\/usr" is not allowed/);
  // Fixing one leaves the others.
  const next = await client.open(`${dir}/all2/config.toml`, text.replace('Bad Name', 'alice'), 'toml');
  assert.deepEqual(next.diagnostics.map((d) => d.message.split(':')[0]), ['customizations.kernal', 'customizations.group[0].gid', 'customizations.filesystem[0].mountpoint']);
});

test('config.json: an unknown key is reported on that key; a plain-text password gets a hint to hash it', async () => {
  const text = '{\n  "customizations": {\n    "user": [\n      { "name": "bob", "password": "secret" }\n    ],\n    "kernal": {}\n  }\n}\n';
  const { diagnostics } = await client.open(`${dir}/b/config.json`, text, 'json');
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  assert.equal(diagnostics[0]!.range.start.line, 5);
  assert.match(diagnostics[0]!.message, /kernal/);
  const fixed = text.replace('"kernal": {}', '"kernel": { "append": "console=ttyS0" }');
  const next = await client.open(`${dir}/b2/config.json`, fixed, 'json');
  assert.equal(next.diagnostics.length, 1, JSON.stringify(next.diagnostics));
  assert.equal(next.diagnostics[0]!.severity, 3);
  assert.match(next.diagnostics[0]!.message, /plain text.*hash/);
  assert.deepEqual(next.diagnostics[0]!.range.start, { line: 3, character: 23 });
});

test('only configs: other JSON/TOML get nothing; *.bib.toml and the bootable.disk.config file always are configs', async () => {
  assert.deepEqual((await client.open(`${dir}/c/config.json`, '{ "name": 3, "other": true }\n', 'json')).diagnostics, []);
  assert.deepEqual((await client.open(`${dir}/c/package.json`, '{ "customizations": 1 }\n', 'json')).diagnostics, []);
  const bib = await client.open(`${dir}/c/disk.bib.toml`, '[customizations.kernel]\nappend = 3\n', 'toml');
  assert.equal(bib.diagnostics.length, 1);
  assert.equal(bib.diagnostics[0]!.range.start.line, 1);
  const namedUri = `${dir}/c/deploy/my-disk.toml`;
  assert.deepEqual((await client.open(namedUri, 'distro = 5\n', 'toml')).diagnostics, [], 'not a config by name or content');
  const next = client.nextDiagnostics(namedUri);
  await client.setConfiguration({ bootable: { disk: { config: 'deploy/my-disk.toml' } } });
  const named = await next;
  assert.equal(named.diagnostics.length, 1, JSON.stringify(named.diagnostics));
  assert.match(named.diagnostics[0]!.message, /^distro: /);
});

test('hover documents a key; completion offers the keys of the table and known values', async () => {
  const uri = `${dir}/d/config.toml`;
  const text = '[[customizations.disk.partitions]]\nfs_type = ""\nmountpoint = "/"\n\n[customizations]\n';
  await client.open(uri, text, 'toml');
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } });
  assert.match(hover.contents.value, /customizations\.disk\.partitions\.mountpoint/);
  const values = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 11 } });
  assert.deepEqual(values.map((i: { label: string }) => i.label).sort(), ['ext4', 'swap', 'vfat', 'xfs']);
  const keys = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 0 } });
  const labels = keys.map((i: { label: string }) => i.label);
  for (const k of ['user', 'group', 'kernel', 'disk', 'filesystem']) assert.ok(labels.includes(k), labels.join());
  const lenses = await client.request('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(lenses.map((l: { command: { title: string; command: string; arguments: unknown[] } }) => [l.command.title, l.command.command, l.command.arguments]),
    [['Preview disk layout', 'bootable.previewDiskLayout', [uri]]]);
});

test('every field the editor offers is one the validator accepts (no drift from core/builder/config)', () => {
  const sample: Record<string, string> = {
    'customizations.user': '[[customizations.user]]\nname = "u"\n',
    'customizations.group': '[[customizations.group]]\nname = "g"\n',
    'customizations.sshkey': '[[customizations.sshkey]]\nuser = "u"\n',
    'customizations.kernel': '[customizations.kernel]\n',
    'customizations.filesystem': '[[customizations.filesystem]]\nmountpoint = "/"\n',
    'customizations.files': '[[customizations.files]]\npath = "/etc/x"\n',
    'customizations.directories': '[[customizations.directories]]\npath = "/etc/x"\n',
    'customizations.disk': '[customizations.disk]\n',
    'customizations.disk.partitions': '[[customizations.disk.partitions]]\nminsize = "1 GiB"\n',
  };
  for (const [table, fs] of Object.entries(fields)) {
    for (const name of Object.keys(fs)) {
      if (/^(name|user|mountpoint|path|minsize)$/.test(name) && sample[table]!.includes(`${name} =`)) continue;
      const head = name === 'subvolumes' ? sample[table]!.replace(']]\n', ']]\ntype = "btrfs"\n') : sample[table]!;
      const text = `${head}${name} = 12345678\n`;
      try { parseConfigText(text, 'config.toml'); } catch (err) {
        assert.doesNotMatch((err as Error).message, /unknown key|not allowed|unexpected key/i, `${table}.${name}: ${(err as Error).message}`);
      }
    }
  }
});

test('key paths map to ranges in TOML (tables, arrays of tables, dotted keys) and JSON', () => {
  const toml = tomlKeyRanges('[[customizations.user]]\nname = "a"\n[[customizations.user]]\nname = "b"\n[customizations]\nkernel.append = "x"\n');
  assert.equal(rangeForPath(toml, 'customizations.user[1].name')!.start.line, 3);
  assert.equal(rangeForPath(toml, 'customizations.kernel.append')!.start.character, 7);
  assert.equal(rangeForPath(toml, 'customizations.user[1].groups[0]')!.start.line, 2);
  const json = jsonKeyRanges('{"blueprint": {"customizations": {"user": [{"name": "a"}, {"name": "b"}]}}}');
  assert.deepEqual(rangeForPath(json, 'blueprint.customizations.user[1].name'), { start: { line: 0, character: 59 }, end: { line: 0, character: 65 } });
});
