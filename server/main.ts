// Language server entry point (bundled to dist/server.cjs). The transport comes from the command line:
// `--stdio`, `--node-ipc`, `--socket=PORT` or `--pipe=NAME` (vscode-languageserver reads process.argv).
// The same bundle, started as a worker thread, is the lint or the feature worker (see worker.ts).
import { isMainThread } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { serveWorker } from './worker';
import { startServer } from './server';

if (isMainThread) {
  const connection = createConnection(ProposedFeatures.all);
  // Last line of defence: whatever escapes a handler is logged, and the server keeps serving.
  process.on('uncaughtException', (err) => connection.console.error(`bootable: uncaught: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`bootable: unhandled rejection: ${String(reason)}`));
  startServer(connection, __filename);
  connection.listen();
} else {
  serveWorker();
}
