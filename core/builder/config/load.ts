// Reads a bootc-image-builder config file (TOML or JSON, chosen by extension, else by content) and validates it.
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
  const json = fileName.endsWith('.json') || (!fileName.endsWith('.toml') && text.trimStart().startsWith('{'));
  let raw: unknown;
  try {
    raw = json ? JSON.parse(text) : parseToml(text);
  } catch (err) {
    // Position only: the parsers' messages quote the text around the error, and that text may be a password.
    const where = json ? jsonErrorWhere(text) : tomlErrorWhere(err);
    throw new ConfigError(fileName, `not valid ${json ? 'JSON' : 'TOML'} at ${where}`);
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
