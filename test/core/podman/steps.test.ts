import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildErrorMessage, containerfileStages, instructionForStep, overallStep, parseStepLine }
  from '../../../core/podman/steps';

test('parseStepLine reads single- and multi-stage STEP lines and ignores everything else', () => {
  assert.deepEqual(parseStepLine('STEP 2/5: RUN apt-get update'),
    { stage: 1, stages: 1, step: 2, of: 5, instruction: 'RUN apt-get update' });
  assert.deepEqual(parseStepLine('[2/3] STEP 1/4: FROM localhost/x AS build'),
    { stage: 2, stages: 3, step: 1, of: 4, instruction: 'FROM localhost/x AS build' });
  assert.equal(parseStepLine('COMMIT localhost/x'), undefined);
  assert.equal(parseStepLine('--> 3d27dd7e178'), undefined);
  assert.equal(parseStepLine('  STEP 1/2: FROM x'), undefined);
});

const multi = [
  'ARG BASE=localhost/bootable/debian-bootc:12',   // line 0: not a step
  'FROM $BASE AS build',                           // 1
  'RUN make \\',                                   // 2
  '  all',                                         // 3
  '',
  'FROM $BASE',                                    // 5
  '# a comment',
  'COPY --from=build /out /usr/bin/',              // 7
  'RUN false',                                     // 8
].join('\n');

test('containerfileStages groups instructions per stage with their 0-based lines', () => {
  const stages = containerfileStages(multi);
  assert.equal(stages.length, 2);
  assert.deepEqual(stages.map((s) => s.map((i) => [i.keyword, i.range.start.line])),
    [[['FROM', 1], ['RUN', 2]], [['FROM', 5], ['COPY', 7], ['RUN', 8]]]);
  assert.equal(stages[0]![1]!.range.end.line, 3);
});

test('a STEP maps to its instruction, and overall progress counts across stages', () => {
  const stages = containerfileStages(multi);
  const s = parseStepLine('[2/2] STEP 3/3: RUN false')!;
  assert.equal(instructionForStep(stages, s)?.range.start.line, 8);
  assert.deepEqual(overallStep(stages, s), { step: 5, of: 5 });
  const single = containerfileStages('FROM x\nRUN true\nRUN false\n');
  assert.equal(instructionForStep(single, parseStepLine('STEP 3/3: RUN false')!)?.range.start.line, 2);
});

test('buildErrorMessage prefers podman\'s Error: line', () => {
  assert.equal(buildErrorMessage(['STEP 2/2: RUN false', 'Error: building at STEP "RUN false": exit status 1', '']),
    'building at STEP "RUN false": exit status 1');
  assert.equal(buildErrorMessage(['something broke', '']), 'something broke');
});
