// Reads a bootc-image-builder config file and validates it. As bootc-image-builder: the format is chosen by the
// extension, .toml or .json and nothing else, and the legacy `{"blueprint": …}` wrapper is JSON only.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { ConfigError } from '../../errors';
import { validateConfig } from './validate';
import { jsonErrorWhere } from './json-position';

function tomlErrorWhere(err: unknown): string {
  const { line, column } = err as { line?: unknown; column?: unknown };
  return typeof line === 'number' && typeof column === 'number' ? `line ${line}, column ${column}` : 'unknown position';
}
import type { BuilderConfig } from './types';

export function parseConfigText(text: string, fileName: string): BuilderConfig {
  const json = fileName.endsWith('.json');
  if (!json && !fileName.endsWith('.toml')) {
    throw new ConfigError(fileName, 'unsupported file extension: bootc-image-builder reads config.toml or config.json only', {
      hint: 'rename the file to end in .toml or .json (as its format is)',
    });
  }
  let raw: unknown;
  try {
    raw = json ? JSON.parse(text) : parseToml(text);
  } catch (err) {
    // Position only: the parsers' messages quote the text around the error, and that text may be a password.
    const where = json ? jsonErrorWhere(text) : tomlErrorWhere(err);
    throw new ConfigError(fileName, `not valid ${json ? 'JSON' : 'TOML'} at ${where}`);
  }
  if (!json && raw !== null && typeof raw === 'object' && 'blueprint' in raw) {
    throw new ConfigError('blueprint', `the {"blueprint": …} wrapper is read from JSON configs only (in ${fileName}); `
      + 'in TOML, put [customizations] at the top level', { hint: 'remove the [blueprint] level: [blueprint.customizations] → [customizations]' });
  }
  return validateConfig(raw, fileName);
}

export async function loadConfig(path: string): Promise<BuilderConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, `cannot read the config file (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  return parseConfigText(text, basename(path));
}
