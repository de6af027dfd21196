// Which documents are bootc-image-builder configs: `*.bib.toml` / `*.bib.json`, the file the `bootable.disk.config`
// setting names, or a config.toml / config.json with a `customizations` (or `blueprint.customizations`) key.
// Never any other JSON or TOML. A text check (not a parse): a config is often invalid while it is being typed.
import { basename } from 'node:path';

const bibName = /\.bib\.(toml|json)$/i;
const configName = /^config\.(toml|json)$/i;
const jsonKey = /"customizations"\s*:/;
const tomlKey = /^\s*(\[\[?\s*(blueprint\s*\.\s*)?customizations\b|customizations\s*[.=])/m;

/** `diskConfig`: the `bootable.disk.config` setting (a path, matched against the end of the document's path). */
export function isBibConfig(path: string | undefined, text: string, diskConfig?: string): boolean {
  if (path === undefined || !/\.(toml|json)$/i.test(path)) return false;
  if (bibName.test(path)) return true;
  if (diskConfig && sameFile(path, diskConfig)) return true;
  if (!configName.test(basename(path))) return false;
  return path.toLowerCase().endsWith('.json') ? jsonKey.test(text) : tomlKey.test(text);
}

function sameFile(path: string, setting: string): boolean {
  const tail = setting.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const p = path.replace(/\\/g, '/');
  return tail.length > 0 && (p === tail || p.endsWith('/' + tail));
}
