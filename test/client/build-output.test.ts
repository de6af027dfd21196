// What the editor shows of a build's output (client/build-output.ts): the failing step's last lines, and no STEP
// line twice in the Output channel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repeatsStepLine, StepOutput } from '../../client/build-output';

test('the failing step\'s last five non-empty lines, without podman\'s own Error line', () => {
  const out = new StepOutput();
  for (const line of ['STEP 1/2: FROM base', 'noise from step one', 'STEP 2/2: RUN make', 'a', '', 'b', 'c', 'd', 'e', 'f',
    'Error: building at STEP "RUN make": while running runtime: exit status 2']) out.push(line);
  assert.deepEqual(out.tail(), ['b', 'c', 'd', 'e', 'f']);
  const fresh = new StepOutput();
  fresh.push('STEP 1/1: RUN x');
  assert.deepEqual(fresh.tail(), []);
});

test('a progress message that repeats the STEP line just printed is not logged again', () => {
  assert.equal(repeatsStepLine('RUN dnf -y install httpd', 'STEP 2/4: RUN dnf -y install httpd'), true);
  assert.equal(repeatsStepLine('build: RUN dnf -y install httpd', '[2/3] STEP 2/4: RUN dnf -y install httpd'), true);
  assert.equal(repeatsStepLine('building x', 'some output'), false);
  assert.equal(repeatsStepLine('RUN a', undefined), false);
});
