import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerfileStages } from '../../../../core/podman/steps';
import { firstLineRange, layerInstructions } from '../../../../core/lint/image/mapping';
import { lintImageTree } from '../../../../core/lint/image/lint';
import type { HistoryEntry } from '../../../../core/lint/image/tree';
import { passingRoot, tree, withSpecs } from './fixture';

const text = [
  'FROM localhost/bootable/debian-bootc:12',   // 0
  'RUN apt-get update \\',                     // 1
  ' && apt-get install -y foo',                // 2
  'COPY app.conf /var/lib/app/app.conf',       // 3
  'EXPOSE 80',                                 // 4
  'RUN mkdir /var/run',                        // 5
].join('\n');

// As buildah writes it: the base's own entries, then one per instruction of the final stage.
const history: HistoryEntry[] = [
  { createdBy: '/bin/sh -c #(nop) ADD file:abc in /', emptyLayer: false, layer: 0 },
  { createdBy: '/bin/sh -c apt-get update  && apt-get install -y foo', emptyLayer: false, layer: 1 },
  { createdBy: '/bin/sh -c #(nop) COPY file:123 in /var/lib/app/app.conf ', emptyLayer: false, layer: 2 },
  { createdBy: '/bin/sh -c #(nop) EXPOSE 80', emptyLayer: true },
  { createdBy: '/bin/sh -c mkdir /var/run', emptyLayer: false, layer: 3 },
];

test('layers map to the final stage\'s instructions, aligned from the newest', () => {
  const stages = containerfileStages(text);
  const map = layerInstructions(history, stages[0]!);
  assert.deepEqual([...map.entries()].map(([l, i]) => [l, i.range.start.line]), [[3, 5], [2, 3], [1, 1]]);
  assert.equal(map.has(0), false, 'the base layer has no instruction of its own');
});

test('a mismatch stops the alignment instead of blaming the wrong line', () => {
  const stages = containerfileStages(text);
  const wrong = history.map((h, i) => (i === 2 ? { ...h, createdBy: '/bin/sh -c something else' } : h));
  assert.deepEqual([...layerInstructions(wrong, stages[0]!).keys()], [3]);
});

test('firstLineRange covers the first line of a multi-line instruction, without the continuation', () => {
  const [stage] = containerfileStages(text);
  assert.deepEqual(firstLineRange(stage![1]!, text), { start: { line: 1, character: 0 }, end: { line: 1, character: 18 } });
  assert.deepEqual(firstLineRange(stage![4]!, text), { start: { line: 5, character: 0 }, end: { line: 5, character: 18 } });
});

test('findings land on the responsible line; base-image findings are one info note on FROM, listing each', () => {
  const specs = withSpecs(passingRoot(),
    { path: 'var/run', type: 'dir', layer: 3 },
    { path: 'var/lib/app', type: 'dir', layer: 2 }, { path: 'var/lib/app/app.conf', content: 'x', layer: 2 },
    { path: 'var/log/base.log', content: 'x', layer: 0 },
    // podman 4.3 leaves an empty /etc/hostname in a RUN layer when the base has none: not this file's doing
    { path: 'etc/hostname', content: '', layer: 1 });
  const findings = lintImageTree(tree(specs, { history, layers: 4 }), { text, file: '/src/Containerfile' });
  const at = findings.map((f) => [f.ruleId, f.severity, f.range.start.line, f.file]);
  assert.deepEqual(at, [
    ['base-image', 'info', 0, '/src/Containerfile'],
    ['var-tmpfiles', 'warning', 3, '/src/Containerfile'],
    ['var-run', 'error', 5, '/src/Containerfile'],
  ]);
  const note = findings[0]!;
  assert.match(note.message, /^3 findings of the base image or the container runtime.*\(buildah-injected, var-log, var-tmpfiles\)/);
  assert.deepEqual(note.related!.map((r) => [r.range.start.line, r.message.split(' ')[0]]),
    [[1, 'buildah-injected'], [0, 'var-log'], [0, 'var-tmpfiles']]);
  assert.doesNotMatch(findings[1]!.message, /base image/);
  // Off hides the note and what it gathers; without a Containerfile nothing is gathered.
  const off = lintImageTree(tree(specs, { history, layers: 4 }), { text, settings: { 'base-image': 'off' } });
  assert.deepEqual(off.map((f) => f.ruleId), ['var-tmpfiles', 'var-run']);
  const bare = lintImageTree(tree(specs, { history, layers: 4 }));
  assert.deepEqual(bare.map((f) => f.ruleId).sort(), ['buildah-injected', 'var-log', 'var-run', 'var-tmpfiles', 'var-tmpfiles']);
});

test('an error from the base image is never gathered into the note', () => {
  const specs = withSpecs(passingRoot(), { path: 'usr/etc', type: 'dir', layer: 0 });
  const findings = lintImageTree(tree(specs, { history, layers: 4 }), { text });
  assert.ok(findings.some((f) => f.ruleId === 'etc-usretc' && f.severity === 'error'), findings.map((f) => f.ruleId).join());
});
