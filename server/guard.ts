// The server must survive any input: a handler that throws (or rejects) is logged and answers a neutral
// value instead of taking the connection down.
export type Guard = <P extends unknown[], R>(
  name: string,
  fallback: R,
  handler: (...args: P) => R | Promise<R>,
) => (...args: P) => Promise<R>;

export function makeGuard(log: (message: string) => void): Guard {
  return (name, fallback, handler) => async (...args) => {
    try {
      return await handler(...args);
    } catch (err) {
      log(`bootable: ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return fallback;
    }
  };
}
