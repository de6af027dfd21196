// The server's worker threads: they run from the same bundle as the server (main.ts starts this when not on the
// main thread), so no second entry point has to be built or shipped. workerData says which kind: the lint
// worker answers LintRequests, the feature worker answers FeatureRequests with dockerfile-language-service.
import { parentPort, workerData } from 'node:worker_threads';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import type { WorkerReply } from './budget-worker';
import { runFeature, type FeatureRequest, type FeatureWorkerData } from './feature-requests';
import { runLint, type LintRequest } from './lint-request';

function isFeatureWorker(data: unknown): data is FeatureWorkerData {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === 'bootable-features';
}

export function serveWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker must run in a worker thread');
  let answer: (payload: unknown) => unknown;
  if (isFeatureWorker(workerData)) {
    const service = DockerfileLanguageServiceFactory.createLanguageService();
    service.setCapabilities(workerData.capabilities);
    answer = (payload) => runFeature(service, payload as FeatureRequest);
  } else {
    answer = (payload) => runLint(payload as LintRequest);
  }
  port.on('message', async ({ id, payload }: { id: number; payload: unknown }) => {
    let reply: WorkerReply;
    try {
      reply = { id, result: await answer(payload) };
    } catch (err) {
      reply = { id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies WorkerReply);
}
