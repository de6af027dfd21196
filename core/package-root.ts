// Where bootable's own files (docs/rules/, package.json) are: the nearest directory above this module holding a
// package.json. In the bundles (dist/cli.cjs, dist/server.cjs) that is dist/..; under tsx (ESM, no __dirname) the
// working directory, which is the repository in tests.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let k = 0; k < 5; k++) {
    if (existsSync(join(dir, 'package.json'))) return (cached = dir);
    dir = dirname(dir);
  }
  return (cached = process.cwd());
}
