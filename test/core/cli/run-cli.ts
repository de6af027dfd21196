// Runs `bootable ARGS…` in-process (core/cli/main) with captured stdout/stderr: for tests of the command line.
import { PassThrough } from 'node:stream';
import { main } from '../../../core/cli/main';

export async function runCli(args: string[], cwd = '/'): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough(), err = new PassThrough();
  let stdout = '', stderr = '';
  out.on('data', (d) => { stdout += d; });
  err.on('data', (d) => { stderr += d; });
  const code = await main(args, { stdout: out, stderr: err, cwd, env: {}, signal: new AbortController().signal });
  return { code, stdout, stderr };
}
