import type { ImageRule } from '../types';

const PATH = 'usr/lib/ostree/prepare-root.conf';

/** The value of [composefs] enabled in an ostree prepare-root.conf (a small INI file). */
export function composefsEnabled(text: string): string | undefined {
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) { section = s[1]!.trim(); continue; }
    const kv = /^([^=]+)=(.*)$/.exec(line);
    if (kv && section === 'composefs' && kv[1]!.trim() === 'enabled') return kv[2]!.trim();
  }
  return undefined;
}

export const baseimageComposefs: ImageRule = {
  kind: 'image',
  id: 'baseimage-composefs',
  severity: 'warning',
  summary: 'composefs should be enabled in /usr/lib/ostree/prepare-root.conf',
  docs: 'bootc base images enable composefs (`[composefs]` `enabled = yes`) in `/usr/lib/ostree/prepare-root.conf` '
    + 'for a verified, read-only `/usr`. Without it the system still boots, with a plain ostree checkout. '
    + 'bootable\'s local Debian base does not enable it: Debian 12\'s ostree predates composefs.',
  check(tree) {
    const text = tree.text(PATH);
    if (text === undefined) return [{ message: `/${PATH} is not present to enable composefs`, paths: [] }];
    const v = composefsEnabled(text)?.toLowerCase();
    if (!v || ['no', 'false', '0'].includes(v)) {
      return [{ message: `/${PATH} does not have composefs enabled`, paths: [PATH] }];
    }
    return [];
  },
};
