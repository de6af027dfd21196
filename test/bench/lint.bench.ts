// Lint time per document over the corpus: bootable (dockerfile-utils' generic validation + the bootc rules)
// against dockerfile-utils' validation alone, measured in the same run, interleaved, after a warm-up.
import { validate } from 'dockerfile-utils';
import { join } from 'node:path';
import { lintContainerfile } from '../../core/lint';
import { loadCorpus } from '../fuzz/mutate';

const root = process.env.BOOTABLE_ROOT ?? join(import.meta.dirname, '../..');
const corpus = loadCorpus(root).map((f) => f.text);
const WARMUP_ROUNDS = 30;
const ROUNDS = 200;

function time(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

for (let i = 0; i < WARMUP_ROUNDS; i++) {
  for (const text of corpus) { lintContainerfile(text, { generic: true }); validate(text); }
}

let bootableMs = 0, utilsMs = 0;
for (let i = 0; i < ROUNDS; i++) {
  // Alternate which goes first so neither always runs on a warmer cache.
  for (const text of corpus) {
    if (i % 2 === 0) {
      bootableMs += time(() => lintContainerfile(text, { generic: true }));
      utilsMs += time(() => validate(text));
    } else {
      utilsMs += time(() => validate(text));
      bootableMs += time(() => lintContainerfile(text, { generic: true }));
    }
  }
}
const documents = ROUNDS * corpus.length;
const perBootable = bootableMs / documents;
const perUtils = utilsMs / documents;
const ratio = perBootable / perUtils;
console.log(`bench lint documents: ${corpus.length} corpus Containerfiles × ${ROUNDS} rounds (after ${WARMUP_ROUNDS} warm-up rounds)`);
console.log(`bench lint per-document: ${perBootable.toFixed(3)} ms vs ${perUtils.toFixed(3)} ms dockerfile-utils = ${ratio.toFixed(2)}× (goal ≤ 1.5×)`);

// A long invalid stage name once froze dockerfile-utils' validation (regex backtracking); the test only checks it
// ends at all (engine.test.ts), the time it takes is measured here.
const stageName = 'a' + 'x'.repeat(40) + ':1';
const longStageMs = time(() => lintContainerfile(`FROM quay.io/fedora/fedora-bootc:42 && ${stageName}\nRUN echo hi\n`));
console.log(`bench lint long-invalid-stage-name: ${longStageMs.toFixed(0)} ms (goal < 2000 ms)`);
