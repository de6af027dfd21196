// Language server entry point (bundled to dist/server.cjs). The transport comes from the command line:
// `--stdio`, `--node-ipc`, `--socket=PORT` or `--pipe=NAME` (vscode-languageserver reads process.argv).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// Last line of defence: whatever escapes a handler is logged, and the server keeps serving.
process.on('uncaughtException', (err) => connection.console.error(`bootable: uncaught: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`bootable: unhandled rejection: ${String(reason)}`));
startServer(connection);
connection.listen();
