// Runs the direct part of the fuzz test in a child process (forked with tsx, input as JSON in argv[2]), so the
// test can stop a document that hangs: a synchronous infinite loop cannot be interrupted from its own thread.
import { lintContainerfile } from '../../core/lint';
import { checkFindings, upstreamCrash } from './check-findings';
import { fuzzDocuments, loadCorpus } from './mutate';

export interface ChildInput { root: string; seed: number; count: number; slowMs: number }
export type ChildMessage =
  | { type: 'start'; index: number; base: string; mutations: string[]; bytes: number }
  | { type: 'problem'; index: number; base: string; mutations: string[]; problem: string }
  | { type: 'slow'; description: string; ms: number }
  | { type: 'upstream'; index: number; base: string; mutations: string[]; message: string }
  | { type: 'done'; documents: number; slowestMs: number; slowest: string; totalMs: number; findings: number; mutations: Record<string, number> };

const { root, seed, count, slowMs } = JSON.parse(process.argv[2]) as ChildInput;
const post = (m: ChildMessage) => process.send!(m);
const corpus = loadCorpus(root);
let slowestMs = 0, slowest = '', totalMs = 0, findings = 0;
const mutations: Record<string, number> = {};
for (const doc of fuzzDocuments(corpus, seed, count)) {
  post({ type: 'start', index: doc.index, base: doc.base, mutations: doc.mutations, bytes: doc.text.length });
  for (const m of doc.mutations) mutations[m] = (mutations[m] ?? 0) + 1;
  const t0 = performance.now();
  let problem: string | undefined;
  try {
    const result = lintContainerfile(doc.text, { generic: true, readContext: () => undefined });
    findings += result.length;
    problem = checkFindings(doc.text, result);
    const caught = upstreamCrash(result);
    if (caught) post({ type: 'upstream', index: doc.index, base: doc.base, mutations: doc.mutations, message: caught.message });
  } catch (err) {
    problem = `lintContainerfile threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
  }
  const ms = performance.now() - t0;
  totalMs += ms;
  const description = `#${doc.index} (${doc.base}; ${doc.mutations.join('+')}; ${doc.text.length} chars)`;
  if (ms > slowestMs) {
    slowestMs = ms;
    slowest = description;
  }
  if (ms > slowMs) post({ type: 'slow', description, ms });
  if (problem) post({ type: 'problem', index: doc.index, base: doc.base, mutations: doc.mutations, problem });
}
post({ type: 'done', documents: count, slowestMs, slowest, totalMs, findings, mutations });
process.disconnect();
