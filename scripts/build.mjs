// Bundles the three entry points with esbuild: the extension (vscode is provided by the host),
// the language server and the CLI. One bundle each, so the VSIX ships no node_modules.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/extension.cjs', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/main.ts'], outfile: 'dist/server.cjs' }),
  build({ ...common, entryPoints: ['core/cli/bin.ts'], outfile: 'dist/cli.cjs', banner: { js: '#!/usr/bin/env node' } }),
  // The disk builder's half that runs in a user namespace for a normal user (core/builder/userns.ts).
  build({ ...common, entryPoints: ['core/builder/userns-child.ts'], outfile: 'dist/userns-child.cjs' }),
]);
