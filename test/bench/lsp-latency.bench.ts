// didChange → publishDiagnostics latency through the real server (dist/server.cjs over stdio) on a 300-line
// Containerfile: each iteration edits one line (as typing does) and waits for the diagnostics of that version.
// The same document linted in-process gives the lint's own share, so the server's overhead shows. ROUNDS fresh
// server processes, each measured; the figure is the median of their p95s with the spread.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintContainerfile } from '../../core/lint';
import { LspClient, root } from '../server/lsp-client';
import { ROUNDS, figure, percentile, ratio, report } from './stats';

const WARMUP = 100;
const ITERATIONS = 500;
const text = readFileSync(join(root, 'test/fixtures/server/latency-300.Containerfile'), 'utf8');

/** One server process: the didChange→publishDiagnostics latencies (ms) of ITERATIONS edits after WARMUP. */
async function session(): Promise<{ samples: number[]; diagnostics: number }> {
  const client = await LspClient.start();
  try {
    const uri = 'file:///tmp/bootable-bench-latency/Containerfile';
    let version = 1;
    await client.open(uri, text, 'dockerfile', version);
    const samples: number[] = [];
    let diagnostics = 0;
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      version++;
      // Type one character at the end of a line near the middle, then delete it on the next iteration.
      const line = 150;
      const lineText = text.split('\n')[line];
      const change = i % 2 === 0
        ? { range: { start: { line, character: lineText.length }, end: { line, character: lineText.length } }, text: 'x' }
        : { range: { start: { line, character: lineText.length }, end: { line, character: lineText.length + 1 } }, text: '' };
      const t0 = process.hrtime.bigint();
      const published = await client.change(uri, version, [change]);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      diagnostics = published.diagnostics.length;
      if (i >= WARMUP) samples.push(ms);
    }
    await client.shutdown();
    return { samples, diagnostics };
  } finally {
    client.kill();
  }
}

/** The same document linted in-process: the lint's own share of the latency (ms per run, after a warm-up). */
function inProcess(): number[] {
  const out: number[] = [];
  for (let i = 0; i < 220; i++) {
    const t0 = process.hrtime.bigint();
    lintContainerfile(text, { generic: true });
    if (i >= 20) out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

async function main(): Promise<void> {
  const p95: number[] = [], p50: number[] = [], max: number[] = [], lintP95: number[] = [], lintP50: number[] = [];
  let diagnostics = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const s = await session();
    diagnostics = s.diagnostics;
    p95.push(percentile(s.samples, 95)); p50.push(percentile(s.samples, 50)); max.push(Math.max(...s.samples));
    const l = inProcess();
    lintP95.push(percentile(l, 95)); lintP50.push(percentile(l, 50));
  }
  console.log(`bench lsp document: ${text.split('\n').length - 1} lines, ${diagnostics} diagnostics; per round ${ITERATIONS} edits after ${WARMUP} warm-up edits, a fresh server`);
  report('lsp', 'didChange→publishDiagnostics p95', figure(p95, 'ms', 2), { vs: ratio(p95, lintP95, 'the in-process lint\'s p95'), goal: 'p95 < 10 ms' });
  report('lsp', 'didChange→publishDiagnostics median', figure(p50, 'ms', 2), { vs: ratio(p50, lintP50, 'the in-process lint\'s median') });
  report('lsp', 'didChange→publishDiagnostics max', figure(max, 'ms', 1));
  report('lsp', 'in-process lintContainerfile p95', `${figure(lintP95, 'ms', 2)} (the lint's share)`);
}

main().catch((err) => { console.error(err); process.exit(1); });
