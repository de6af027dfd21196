// Runs lints in a worker thread with a time budget, so no input can freeze the server: dockerfile-utils has
// inputs that take minutes (its build-stage-name regex backtracks exponentially: `FROM x AS a-long-name-é`).
// A lint over budget terminates the worker and is retried without the generic validation (bootc rules only);
// a fresh worker serves the next request. One request runs at a time, so each budget starts when its lint does.
import { Worker } from 'node:worker_threads';
import type { Finding } from '../core/lint/types';
import type { LintRequest } from './lint-request';
import type { LintReply } from './lint-worker';

export const lintBudgetMs = 5000;

/** The budget: BOOTABLE_LINT_BUDGET_MS (milliseconds, for very slow machines and for tests) or the default. */
export function lintBudgetFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.BOOTABLE_LINT_BUDGET_MS);
  return Number.isInteger(value) && value > 0 ? value : lintBudgetMs;
}

interface Job { request: LintRequest; resolve: (findings: Finding[]) => void; reject: (err: Error) => void }

export class LintTimeout extends Error {}

export class LintRunner {
  private worker: Worker | undefined;
  /** The worker has loaded its code: budgets only start then (loading takes seconds on a busy machine). */
  private ready = false;
  private queue: Job[] = [];
  private running: { id: number; job: Job; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;

  /** `script` is the bundle to start as the worker (the server's own file: __filename in dist/server.cjs). */
  constructor(private readonly script: string, private readonly log: (message: string) => void, private readonly budgetMs = lintBudgetMs) {}

  /** Starts the worker ahead of the first lint, so opening the first document does not wait for it. */
  warmUp(): void {
    this.ensureWorker();
  }

  async lint(request: LintRequest): Promise<Finding[]> {
    try {
      return await this.enqueue(request);
    } catch (err) {
      if (!(err instanceof LintTimeout) || !request.generic) throw err;
      this.log(`bootable: linting ${request.uri} took over ${this.budgetMs} ms; showing the bootc rules without the generic Dockerfile validation`);
      return this.enqueue({ ...request, generic: false });
    }
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private enqueue(request: LintRequest): Promise<Finding[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.running || this.queue.length === 0) return;
    const worker = this.ensureWorker();
    if (!this.ready) return; // next() runs again on 'ready'
    const job = this.queue.shift()!;
    const id = this.nextId++;
    // Past the budget the worker is stuck in synchronous code: only terminating it gets it back.
    const timer = setTimeout(() => {
      this.stopWorker();
      this.finish(id, new LintTimeout(`lint of ${job.request.uri} exceeded ${this.budgetMs} ms`));
    }, this.budgetMs);
    this.running = { id, job, timer };
    worker.postMessage({ id, request: job.request });
  }

  private finish(id: number, outcome: Finding[] | Error): void {
    if (!this.running || this.running.id !== id) return;
    const { job, timer } = this.running;
    clearTimeout(timer);
    this.running = undefined;
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
    this.next();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: { role: 'bootable-lint' } });
    worker.unref();
    this.ready = false;
    worker.on('message', (reply: LintReply) => {
      if ('ready' in reply) {
        if (this.worker === worker) { this.ready = true; this.next(); }
      } else {
        this.finish(reply.id, 'error' in reply ? new Error(reply.error) : reply.findings);
      }
    });
    const died = (reason: string) => {
      if (this.worker !== worker) return; // stopped on purpose
      this.worker = undefined;
      this.log(`bootable: lint worker stopped: ${reason}`);
      if (this.running) this.finish(this.running.id, new Error(`lint worker stopped: ${reason}`));
      else if (this.queue.length > 0) this.queue.shift()!.reject(new Error(`lint worker stopped: ${reason}`));
      this.next();
    };
    worker.on('error', (err) => died(err.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
