// Robustness: mutated corpus Containerfiles (truncations, random bytes, deleted quotes, 100 KB lines, CRLF, BOM,
// tabs, empty files, deep continuations, unterminated heredocs…) through lintContainerfile directly and through
// the real language server. Zero crashes, zero hangs; the slowest document is reported. Deterministic seeds.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { LspClient, root } from '../server/lsp-client';
import { fuzzDocuments, loadCorpus, mutators } from './mutate';
import type { ChildInput, ChildMessage } from './lint-child';

const DIRECT_SEED = 0xb007ab1e;
const DIRECT_COUNT = 20_000;
const SERVER_SEED = 0x5e4e4;
const SERVER_COUNT = 2_000;
/**
 * A document that takes longer than this is a hang. Generous on purpose: dockerfile-utils' build-stage-name regex
 * backtracks exponentially (`FROM x AS a-long-stage-name-é` costs it 10–20 s on a loaded 2-core machine, and
 * minutes for longer names), and a 100 KB line costs it about a second. The server cuts such lints off at its
 * own budget (see server/lint-runner.ts); the direct part reports every document over SLOW_MS.
 */
const PER_DOCUMENT_LIMIT_MS = 60_000;
const SLOW_MS = 1_000;

test(`fuzz: ${DIRECT_COUNT} mutated Containerfiles through lintContainerfile`, async (t) => {
  const input: ChildInput = { root, seed: DIRECT_SEED, count: DIRECT_COUNT, slowMs: SLOW_MS };
  const child = fork(new URL('./lint-child.ts', import.meta.url), [JSON.stringify(input)], { execArgv: ['--import', 'tsx'] });
  const problems: string[] = [];
  const upstream: string[] = [];
  const slow: { description: string; ms: number }[] = [];
  let current = 'none yet';
  let done: Extract<ChildMessage, { type: 'done' }> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let watchdog: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => reject(new Error(`hang: no progress for ${PER_DOCUMENT_LIMIT_MS} ms on document ${current} (seed ${DIRECT_SEED})`)), PER_DOCUMENT_LIMIT_MS);
      };
      arm();
      child.on('message', (m: ChildMessage) => {
        arm();
        if (m.type === 'start') current = `#${m.index} (${m.base}; ${m.mutations.join('+')}; ${m.bytes} chars)`;
        else if (m.type === 'problem') problems.push(`#${m.index} (${m.base}; ${m.mutations.join('+')}): ${m.problem}`);
        else if (m.type === 'slow') slow.push(m);
        else if (m.type === 'upstream') upstream.push(`#${m.index} (${m.base}; ${m.mutations.join('+')}): ${m.message}`);
        else { done = m; clearTimeout(watchdog); resolve(); }
      });
      child.on('error', (err) => { clearTimeout(watchdog); reject(err); });
      child.on('exit', (code) => { clearTimeout(watchdog); if (!done) reject(new Error(`fuzz child exited with ${code} at ${current}`)); });
    });
  } finally {
    child.kill('SIGKILL');
  }
  assert.ok(done);
  const summary = `fuzz lint: ${done.documents} documents, ${done.findings} findings, total ${(done.totalMs / 1000).toFixed(1)} s, `
    + `slowest ${done.slowestMs.toFixed(1)} ms ${done.slowest}`;
  t.diagnostic(summary);
  console.log(summary);
  if (slow.length) {
    const top = [...slow].sort((a, b) => b.ms - a.ms).slice(0, 3).map((x) => `${x.ms.toFixed(0)} ms ${x.description}`);
    const note = `fuzz lint: ${slow.length} documents over ${SLOW_MS} ms; slowest: ${top.join('; ')}`;
    t.diagnostic(note);
    console.log(note);
  }
  if (upstream.length) {
    const note = `fuzz lint: ${upstream.length} documents hit a caught dockerfile-utils internal error (upstream bug), first: ${upstream[0]}`;
    t.diagnostic(note);
    console.log(note);
  }
  assert.deepEqual(problems.slice(0, 10), [], `${problems.length} documents with problems`);
  assert.ok(done.slowestMs < PER_DOCUMENT_LIMIT_MS, `slowest document ${done.slowestMs} ms`);
  for (const m of mutators) assert.ok((done.mutations[m.name] ?? 0) > 0, `mutator ${m.name} was exercised`);
});

let client: LspClient | undefined;
after(() => client?.kill());

test(`fuzz: ${SERVER_COUNT} mutated Containerfiles through the real server over one connection`, async (t) => {
  client = await LspClient.start({ timeoutMs: PER_DOCUMENT_LIMIT_MS, sourceMaps: true });
  const uri = 'file:///tmp/bootable-fuzz/Containerfile';
  let version = 1;
  await client.open(uri, 'FROM scratch\n', 'dockerfile', version);
  let slowestMs = 0, slowest = '', diagnostics = 0, upstream = 0;
  const t0 = performance.now();
  for (const doc of fuzzDocuments(loadCorpus(root), SERVER_SEED, SERVER_COUNT)) {
    version++;
    const start = performance.now();
    // Full-text changes, as a client without incremental sync would send.
    const published = await client.change(uri, version, [{ text: doc.text }]);
    const ms = performance.now() - start;
    diagnostics += published.diagnostics.length;
    if (ms > slowestMs) {
      slowestMs = ms;
      slowest = `#${doc.index} (${doc.base}; ${doc.mutations.join('+')}; ${doc.text.length} chars)`;
    }
    const crashed = published.diagnostics.find((d) => /internal error/i.test(d.message) && d.code !== 'dockerfile-utils');
    assert.equal(crashed, undefined, `document #${doc.index} (${doc.mutations.join('+')}): ${crashed?.message}`);
    if (published.diagnostics.some((d) => /internal error/i.test(d.message))) upstream++;
    if (doc.index % 10 === 0) {
      // The other per-document handlers must survive the same inputs.
      const everything = { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } };
      const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: everything, context: { diagnostics: [] } });
      assert.ok(Array.isArray(actions));
      const position = { line: doc.index % 40, character: doc.index % 13 };
      await client.request('textDocument/hover', { textDocument: { uri }, position });
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
      await client.request('textDocument/foldingRange', { textDocument: { uri } });
    }
  }
  const totalMs = performance.now() - t0;
  const summary = `fuzz server: ${SERVER_COUNT} documents, ${diagnostics} diagnostics, total ${(totalMs / 1000).toFixed(1)} s, `
    + `slowest didChange→publishDiagnostics ${slowestMs.toFixed(1)} ms ${slowest}; caught upstream internal errors: ${upstream}`;
  t.diagnostic(summary);
  console.log(summary);
  assert.equal(client.proc.exitCode, null, 'server still running');
  assert.doesNotMatch(client.logs.join('\n'), /uncaught|unhandled/i, 'nothing escaped the handlers');
  // Handlers log and survive what the libraries they call throw (dockerfile-ast recursing without end on some
  // inputs); a failure whose stack starts in our own code is a bug.
  const failures = client.logs.filter((l) => /^bootable: .* failed:/.test(l));
  const ours = failures.filter((l) => !/^\s+at .*node_modules\//m.test(l.split('\n').find((x) => /^\s+at /.test(x)) ?? ''));
  assert.deepEqual(ours, [], 'no failures in the server\'s own code');
  if (failures.length) {
    const note = `fuzz server: ${failures.length} requests failed inside a library and were answered with a neutral value, first: ${failures[0].split('\n').slice(0, 2).join(' ')}`;
    t.diagnostic(note);
    console.log(note);
  }
  assert.equal(await client.shutdown(), 0);
});
