// The RUN reader: commands, words with exact offsets, separators, quotes, continuations, heredocs, variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShell } from '../../../core/lint/shell';
import { buildContext } from '../../../core/lint/containerfile';

const parse = (src: string, vars: Record<string, string> = {}) =>
  parseShell(src, Array.from({ length: src.length + 1 }, (_, k) => k), new Map(Object.entries(vars)));
const argv = (src: string, vars?: Record<string, string>) => parse(src, vars).map((c) => c.words.map((w) => w.text));

test('splits on && || ; | and newlines', () => {
  assert.deepEqual(argv('a 1 && b 2 || c; d | e\nf'), [['a', '1'], ['b', '2'], ['c'], ['d'], ['e'], ['f']]);
  const cmds = parse('a && b');
  assert.equal(cmds[0].after?.op, '&&');
  assert.equal(cmds[1].before?.op, '&&');
});

test('quotes, escapes and word offsets', () => {
  const src = `echo "a b" 'c $X' d\\ e`;
  const c = parse(src, { X: 'no' })[0];
  assert.deepEqual(c.words.map((w) => w.text), ['echo', 'a b', 'c $X', 'd e']);
  assert.deepEqual(c.words.map((w) => src.slice(w.start, w.end)), ['echo', '"a b"', "'c $X'", 'd\\ e']);
});

test('variables: known ones substituted, unknown kept, defaults used', () => {
  assert.deepEqual(argv('mkdir $D ${D}/x ${U:-/def} $U "$D"', { D: '/var/lib/d' }), [['mkdir', '/var/lib/d', '/var/lib/d/x', '/def', '$U', '/var/lib/d']]);
});

test('redirections and fds', () => {
  const c = parse('echo hi > /etc/x 2>&1 >>/var/log/y')[0];
  assert.deepEqual(c.words.map((w) => w.text), ['echo', 'hi']);
  assert.deepEqual(c.redirects.map((r) => [r.op, r.target?.text]), [['>', '/etc/x'], ['>>', '/var/log/y']]);
});

test('wrappers, assignments and keywords are stripped', () => {
  assert.deepEqual(argv('FOO=1 sudo -E dnf install x'), [['dnf', 'install', 'x']]);
  assert.deepEqual(argv('if true; then mkdir /x; fi'), [['true'], ['mkdir', '/x']]);
  assert.equal(parse('/usr/bin/dnf install')[0].name, 'dnf');
});

test('heredoc: script bodies become commands, data bodies stay data', () => {
  assert.deepEqual(argv('<<EOF\nmkdir /a\necho b\nEOF\n'), [['mkdir', '/a'], ['echo', 'b']]);
  const data = parse('cat <<EOF > /etc/x.conf\nmkdir /not-a-command\nEOF\necho after\n');
  assert.deepEqual(data.map((c) => c.words.map((w) => w.text)), [['cat'], ['echo', 'after']]);
  assert.equal(data[0].heredocBody, 'mkdir /not-a-command\n');
  assert.deepEqual(argv('<<-EOF\n\tmkdir /a\n\tEOF\n'), [['mkdir', '/a']]);
});

test('sh -c scripts are read as commands', () => {
  assert.deepEqual(argv(`sh -c 'mkdir /a && touch /b'`).slice(1), [['mkdir', '/a'], ['touch', '/b']]);
});

test('RUN: continuations, comment lines inside them, flags and mounts, exact offsets', () => {
  const text = 'FROM x\nRUN --mount=type=cache,target=/var/cache/dnf \\\n    dnf install -y a \\\n    # a comment\n    && mkdir /var/lib/y\n';
  const ctx = buildContext(text);
  const run = ctx.runs[0];
  assert.deepEqual(run.mounts, [{ type: 'cache', target: '/var/cache/dnf' }]);
  assert.deepEqual(run.commands.map((c) => c.words.map((w) => w.text)), [['dnf', 'install', '-y', 'a'], ['mkdir', '/var/lib/y']]);
  const w = run.commands[1].words[1];
  assert.equal(text.slice(w.start, w.end), '/var/lib/y');
});

test('stages: final image chain, ARG in FROM, WORKDIR for COPY', () => {
  const ctx = buildContext('ARG BASE=quay.io/fedora/fedora-bootc:42\nFROM $BASE AS os\nFROM golang AS build\nRUN make\nFROM os\nWORKDIR /srv\nCOPY a b/\n');
  assert.deepEqual(ctx.imageStages.map((s) => s.name ?? s.image), ['os', 'os']);
  assert.equal(ctx.imageStages[0].image, 'quay.io/fedora/fedora-bootc:42');
  assert.equal(ctx.runs.length, 0);
  assert.equal(ctx.copies[0].dest.text, '/srv/b/');
});
