// Runs lints in a worker thread with a time budget, so no input can freeze the server: dockerfile-utils has
// inputs that take minutes (its build-stage-name regex backtracks exponentially: `FROM x AS a-long-name-é`), and
// a 2.5 MB file takes the bootc rules alone over 5 s. A lint over budget is retried without the generic validation
// (bootc rules only), in instruction-aligned chunks with a budget each (lint-chunks.ts), so padding cannot hide
// every finding. One request runs at a time, so each budget starts when its lint does.
import type { Finding } from '../core/lint/types';
import { BudgetWorker, OverBudget } from './budget-worker';
import { lintChunks } from './lint-chunks';
import type { LintRequest } from './lint-request';

export const lintBudgetMs = 5000;

/** Lines per chunk of the fallback lint: small enough for any chunk of ordinary instructions to fit a budget. */
export const chunkLines = 2000;

/** A budget from the environment (milliseconds; for very slow machines and for tests), or the default. */
export function budgetFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** The lint budget: BOOTABLE_LINT_BUDGET_MS or the default. */
export function lintBudgetFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return budgetFromEnv('BOOTABLE_LINT_BUDGET_MS', lintBudgetMs, env);
}

export class LintRunner {
  private readonly worker: BudgetWorker;

  /** `script` is the bundle to start as the worker (the server's own file: __filename in dist/server.cjs). */
  constructor(script: string, private readonly log: (message: string) => void, readonly budgetMs = lintBudgetMs, private readonly maxChunkLines = chunkLines) {
    this.worker = new BudgetWorker(script, log, budgetMs, { role: 'bootable-lint' });
  }

  /** Starts the worker ahead of the first lint, so opening the first document does not wait for it. */
  warmUp(): void {
    this.worker.warmUp();
  }

  async lint(request: LintRequest): Promise<Finding[]> {
    try {
      return await this.once(request);
    } catch (err) {
      if (!(err instanceof OverBudget) || !request.generic) throw err;
      this.log(`bootable: linting ${request.uri} took over ${this.budgetMs} ms; showing the bootc rules without the generic Dockerfile validation`);
      return this.inChunks({ ...request, generic: false });
    }
  }

  dispose(): void {
    this.worker.dispose();
  }

  private once(request: LintRequest): Promise<Finding[]> {
    return this.worker.run<Finding[]>(request, `lint of ${request.uri}`);
  }

  /** The bootc rules chunk by chunk; a chunk over budget loses its findings only. Rejects if every chunk failed. */
  private async inChunks(request: LintRequest): Promise<Finding[]> {
    if (request.kind !== 'containerfile') return this.once(request);
    const chunks = lintChunks(request.text, this.maxChunkLines);
    if (chunks.length === 1) return this.once(request);
    const findings: Finding[] = [];
    let failed = 0;
    let lastError: unknown;
    for (const chunk of chunks) {
      try {
        const found = await this.once({ ...request, text: chunk.text });
        findings.push(...found.filter((f) => f.range.start.line >= chunk.first && f.range.start.line <= chunk.last));
      } catch (err) {
        failed++;
        lastError = err;
        this.log(`bootable: lines ${chunk.first + 1}–${chunk.last + 1} of ${request.uri}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (failed === chunks.length) throw lastError;
    return findings;
  }
}
