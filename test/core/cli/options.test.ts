// Option descriptors drive the command line, the usage text and the editor's settings: a new option declared in
// core/vm/options.ts reaches all three without touching another file, and one validator decides each value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './run-cli';
import { parseCreateArgs } from '../../../core/cli/vm-options';
import { parseCommandLine } from '../../../core/cli/options';
import { integerOption } from '../../../core/options';
import { vmOptions } from '../../../core/vm/options';
import { settingsSchema } from '../../../core/settings';

const cli = (args: string[]) => runCli(args);

test('a dummy VM option shows up in parsing, usage text and the settings schema', async () => {
  const options = vmOptions as Record<string, unknown>;
  options.dummyWidgets = integerOption({
    flag: 'dummy-widgets', arg: 'N', doc: 'how many dummy widgets', min: 1, max: 9, default: 3,
    setting: { key: 'vm.dummyWidgets', description: 'Dummy widgets.' },
  });
  try {
    // Parsing: boot / vm create, and up (which takes every VM option).
    const parsed = parseCreateArgs('boot', ['/d.qcow2', '--dummy-widgets', '7'], '/');
    assert.equal((parsed.options as Record<string, unknown>).dummyWidgets, 7);
    assert.throws(() => parseCreateArgs('boot', ['/d.qcow2', '--dummy-widgets', '12'], '/'), /--dummy-widgets 12: expected a whole number from 1 to 9/);
    const r = await cli(['up', '--dummy-widgets', '0']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--dummy-widgets 0: expected a whole number from 1 to 9/);
    // Usage text of every command that takes VM options.
    for (const command of ['boot', 'vm', 'up']) {
      const help = await cli(['help', command]);
      assert.match(help.stdout, /--dummy-widgets N +how many dummy widgets \(default 3\)/, command);
    }
    // The settings schema (what package.json must contain).
    assert.deepEqual(settingsSchema()['bootable.vm.dummyWidgets'], {
      type: 'number', default: 3, minimum: 1, maximum: 9, description: 'Dummy widgets.',
    });
  } finally {
    delete options.dummyWidgets;
  }
  assert.equal((await cli(['boot', '/d.qcow2', '--dummy-widgets', '7'])).code, 2, 'gone again: an unknown option');
});

test('one validator per value: vm, boot and up refuse the same --timeout, --memory, --cpus', async () => {
  for (const args of [
    ['vm', 'start', 'x', '--wait', '--timeout', '0'], ['boot', '/d', '--timeout', '0'], ['up', '--timeout', '0'],
    ['vm', 'create', '/d', '--memory', '100'], ['boot', '/d', '--memory', '100'], ['up', '--memory', '100'],
    ['boot', '/d', '--cpus', '0'], ['up', '--cpus', '0'], ['boot', '/d', '--port', '70000'],
  ]) {
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^bootable: error: --(timeout|memory|cpus|port) \d+: expected a whole number from/, args.join(' '));
  }
});

test('flags come from the descriptors: units, paths and repeatable options', () => {
  const { options } = parseCommandLine('x', ['--timeout', '90', '-p', '80', '-p', '443', '-m', '4096'], '/', vmOptions, {});
  assert.deepEqual(options, { memoryMiB: 4096, ports: [80, 443], readyTimeoutMs: 90_000 });
  assert.throws(() => parseCommandLine('x', ['--bogus'], '/', vmOptions, {}), /Unknown option '--bogus'/);
});

test('up accepts every stage\'s options and no flag is declared twice', async () => {
  const help = await cli(['help', 'up']);
  for (const flag of ['--rule', '--force', '--tag', '--build-arg', '--connection', '--type', '--rootfs', '--size', '--name', '--memory', '--timeout', '--no-run-check']) {
    assert.match(help.stdout, new RegExp(`${flag}\\b`), flag);
  }
  const r = await cli(['up', '--rule', 'no-such-rule=off']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--rule no-such-rule: unknown rule/);
});
