// didChange → publishDiagnostics latency through the real server (dist/server.cjs over stdio) on a 300-line
// Containerfile: each iteration edits one line (as typing does) and waits for the diagnostics of that version.
// The same document linted in-process gives the lint's own share, so the server's overhead shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintContainerfile } from '../../core/lint';
import { LspClient, root } from '../server/lsp-client';

const WARMUP = 100;
const ITERATIONS = 1000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const text = readFileSync(join(root, 'test/fixtures/server/latency-300.Containerfile'), 'utf8');
  const lineCount = text.split('\n').length - 1;
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
    samples.sort((a, b) => a - b);
    const lintSamples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = process.hrtime.bigint();
      lintContainerfile(text, { generic: true });
      if (i >= 20) lintSamples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    lintSamples.sort((a, b) => a - b);
    console.log(`bench lsp document: ${lineCount} lines, ${diagnostics} diagnostics, ${ITERATIONS} edits after ${WARMUP} warm-up edits`);
    console.log(`bench lsp didChange→publishDiagnostics: median ${percentile(samples, 50).toFixed(2)} ms, p95 ${percentile(samples, 95).toFixed(2)} ms, max ${samples.at(-1)!.toFixed(2)} ms (goal p95 < 10 ms)`);
    console.log(`bench lsp in-process lintContainerfile of the same document: median ${percentile(lintSamples, 50).toFixed(2)} ms, p95 ${percentile(lintSamples, 95).toFixed(2)} ms (the lint's share of the latency)`);
    await client.shutdown();
  } finally {
    client.kill();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
