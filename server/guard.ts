// The server must survive any input: a handler that throws (or rejects) is logged and answers a neutral
// value instead of taking the connection down; one that has not answered within the request budget answers
// the neutral value then (its work goes on in a worker thread, which has its own budget).
import { OverBudget } from './budget-worker';

export type Guard = <P extends unknown[], R>(
  name: string,
  fallback: R,
  handler: (...args: P) => R | Promise<R>,
) => (...args: P) => Promise<R>;

export function makeGuard(log: (message: string) => void, budgetMs = Infinity): Guard {
  return (name, fallback, handler) => async (...args) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof fallback>((resolve) => {
      if (budgetMs === Infinity) return;
      timer = setTimeout(() => {
        log(`bootable: ${name} took over ${budgetMs} ms; answering without it`);
        resolve(fallback);
      }, budgetMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(() => handler(...args)), late]);
    } catch (err) {
      // Over budget is the budget working, not a failure: said as such, without a stack.
      if (err instanceof OverBudget) log(`bootable: ${name}: ${err.message}; answering without it`);
      else log(`bootable: ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  };
}
