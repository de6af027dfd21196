// Which linter a document gets: the Containerfile rules, the bootc TOML rules, the disk-builder config validator,
// or none.
// The language id decides first; the path is a fallback for clients that send a generic id ('toml', 'plaintext').
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootcTomlKind } from '../core/lint';
import { isBibConfig } from './bib-config/detect';

export type DocumentKind = 'containerfile' | 'bootc-toml' | 'bib-config';

/** The file-system path of a file: URI, or undefined (untitled documents, other schemes, malformed URIs). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const containerfileName = /^(Containerfile|Dockerfile)(\..+)?$|\.(containerfile|dockerfile)$/i;

/** `text` and `diskConfig` (the bootable.disk.config setting) recognise disk-builder configs; without a text, none. */
export function documentKind(languageId: string, uri: string, text?: string, diskConfig?: string): DocumentKind | undefined {
  const path = uriToPath(uri);
  if (text !== undefined && isBibConfig(path, text, diskConfig)) return 'bib-config';
  if (languageId === 'bootc-toml') return 'bootc-toml';
  if (languageId === 'dockerfile' || languageId === 'containerfile') return 'containerfile';
  if (path !== undefined && bootcTomlKind(path) !== undefined) return 'bootc-toml';
  if (path !== undefined && containerfileName.test(basename(path))) return 'containerfile';
  return undefined;
}
