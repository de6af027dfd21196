import type { ImageRule } from '../types';

export const buildahInjected: ImageRule = {
  kind: 'image',
  id: 'buildah-injected',
  severity: 'warning',
  summary: 'no empty /etc/hostname or /etc/resolv.conf synthesized by the build runtime',
  docs: 'Build tools bind-mount `/etc/hostname` and `/etc/resolv.conf` while RUN steps execute and can leave '
    + 'empty files behind. On a booted system an empty hostname or resolv.conf breaks name resolution. '
    + 'Write real content, or remove the file so the system generates it.',
  check(tree) {
    return ['etc/hostname', 'etc/resolv.conf']
      .filter((p) => { const e = tree.get(p); return e?.type === 'file' && e.size === 0; })
      .map((p) => ({ message: `/${p} is an empty file; this may have been synthesized by a container runtime.`, paths: [p] }));
  },
};
