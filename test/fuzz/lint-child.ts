// Runs the direct part of the fuzz test in a worker thread, so the main thread can stop a document that hangs
// (a synchronous infinite loop cannot be interrupted from the thread that runs it).
import { parentPort, workerData } from 'node:worker_threads';
import { lintContainerfile } from '../../core/lint';
import { checkFindings } from './check-findings';
import { fuzzDocuments, loadCorpus } from './mutate';

export interface WorkerInput { root: string; seed: number; count: number }
export type WorkerMessage =
  | { type: 'start'; index: number; base: string; mutations: string[]; bytes: number }
  | { type: 'problem'; index: number; base: string; mutations: string[]; problem: string }
  | { type: 'done'; documents: number; slowestMs: number; slowest: string; totalMs: number; findings: number; mutations: Record<string, number> };

const { root, seed, count } = workerData as WorkerInput;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
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
  } catch (err) {
    problem = `lintContainerfile threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
  }
  const ms = performance.now() - t0;
  totalMs += ms;
  if (ms > slowestMs) {
    slowestMs = ms;
    slowest = `#${doc.index} (${doc.base}; ${doc.mutations.join('+')}; ${doc.text.length} chars)`;
  }
  if (problem) post({ type: 'problem', index: doc.index, base: doc.base, mutations: doc.mutations, problem });
}
post({ type: 'done', documents: count, slowestMs, slowest, totalMs, findings, mutations });
