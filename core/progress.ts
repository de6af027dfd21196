// Long work reports typed progress events; the CLI draws them (bar, lines or JSON) and the extension
// forwards them to a VS Code progress notification. Cancellation is a standard AbortSignal.

export interface ProgressEvent {
  /** 1-based index of the current step and the number of steps. */
  step: number;
  of: number;
  /** Stable id of the step (e.g. "mkfs-root"), for tools that parse --json output. */
  id: string;
  message: string;
  /** Overall fraction done, 0..1, when known. */
  fraction?: number;
}

export type ProgressReporter = (event: ProgressEvent) => void;

export const noProgress: ProgressReporter = () => {};

/** Throws an AbortError (isCancelled) if the signal fired. Call between steps. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}
