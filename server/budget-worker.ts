// A worker thread that runs jobs one at a time, each with a time budget, so no input can freeze the server's main
// thread: a job over budget terminates the worker (it is stuck in synchronous code: only terminating it gets it
// back) and rejects with OverBudget; a fresh worker serves the next job. A worker that runs out of memory or exits
// is replaced the same way. Budgets start when the job does, and only once the worker has loaded its code
// (loading takes seconds on a busy machine).
import { Worker } from 'node:worker_threads';

/** Message protocol: the worker answers { ready } once loaded, then one reply per job, by id. */
export type WorkerReply = { ready: true } | { id: number; result: unknown } | { id: number; error: string };

export class OverBudget extends Error {}

/** Heap cap per worker: a hostile input (formatting with a huge tab size) must not take the machine's memory. */
const maxHeapMb = 1024;

interface Job { payload: unknown; label: string; resolve: (result: unknown) => void; reject: (err: Error) => void }

export class BudgetWorker {
  private worker: Worker | undefined;
  private ready = false;
  private queue: Job[] = [];
  private running: { id: number; job: Job; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;

  /** `script`: the bundle the worker runs (the server's own file); `workerData` reaches the worker as is. */
  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
    readonly budgetMs: number,
    private readonly workerData: unknown = undefined,
  ) {}

  /** Starts the worker ahead of the first job. */
  warmUp(): void {
    this.ensureWorker();
  }

  /** Runs one job; rejects with OverBudget past the budget, with an Error when the worker fails. */
  run<R>(payload: unknown, label: string): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ payload, label, resolve: resolve as (r: unknown) => void, reject });
      this.next();
    });
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private next(): void {
    if (this.running || this.queue.length === 0) return;
    const worker = this.ensureWorker();
    if (!this.ready) return; // next() runs again on 'ready'
    const job = this.queue.shift()!;
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.dispose();
      this.finish(id, new OverBudget(`${job.label} exceeded ${this.budgetMs} ms`));
      this.ensureWorker(); // the replacement loads now, not when the next request is already waiting
    }, this.budgetMs);
    this.running = { id, job, timer };
    worker.postMessage({ id, payload: job.payload });
  }

  private finish(id: number, outcome: { result: unknown } | Error): void {
    if (!this.running || this.running.id !== id) return;
    const { job, timer } = this.running;
    clearTimeout(timer);
    this.running = undefined;
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome.result);
    this.next();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: this.workerData, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
    worker.unref();
    this.ready = false;
    worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) {
        if (this.worker === worker) { this.ready = true; this.next(); }
      } else {
        this.finish(reply.id, 'error' in reply ? new Error(reply.error) : { result: reply.result });
      }
    });
    const died = (reason: string) => {
      if (this.worker !== worker) return; // stopped on purpose
      this.worker = undefined;
      this.log(`bootable: worker stopped: ${reason}`);
      if (this.running) this.finish(this.running.id, new Error(`worker stopped: ${reason}`));
      else if (this.queue.length > 0) this.queue.shift()!.reject(new Error(`worker stopped: ${reason}`));
      this.next();
    };
    worker.on('error', (err) => died(err.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}
