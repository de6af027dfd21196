// In-memory image trees for rule tests: a passing root, then each test breaks one thing (as bootc's tests do).
import { makeTree, type FileVersion, type HistoryEntry, type ImageEntry, type ImageTree } from '../../../../core/lint/image/tree';

export interface Spec {
  path: string;
  type?: ImageEntry['type'];
  content?: string;
  linkname?: string;
  layer?: number;
  size?: number;
  utf8?: boolean;
}

export function passingRoot(): Spec[] {
  return [
    ...['', 'dev', 'proc', 'sys', 'run', 'tmp', 'var', 'boot', 'sysroot', 'etc', 'usr', 'usr/lib', 'usr/lib/modules',
      'usr/lib/modules/6.1.0-1-amd64', 'usr/lib/sysusers.d', 'usr/lib/tmpfiles.d', 'usr/lib/ostree', 'var/lib',
      'var/log'].map((path) => ({ path, type: 'dir' as const })),
    { path: 'ostree', type: 'symlink', linkname: 'sysroot/ostree' },
    { path: 'var/run', type: 'symlink', linkname: '../run' },
    { path: 'usr/lib/modules/6.1.0-1-amd64/vmlinuz', content: 'kernel' },
    { path: 'usr/lib/modules/6.1.0-1-amd64/initramfs.img', content: 'initramfs' },
    { path: 'usr/lib/ostree/prepare-root.conf', content: '[composefs]\nenabled = yes\n' },
    { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/bash\n' },
    { path: 'etc/group', content: 'root:x:0:\n' },
    { path: 'etc/hostname', content: 'host\n' },
    { path: 'usr/lib/sysusers.d/basic.conf', content: 'u root 0 "Super User" /root\n' },
    { path: 'usr/lib/tmpfiles.d/var.conf', content: 'q /var 0755 - - -\nL /var/run - - - - ../run\nd /var/log 0755 - - -\nd /var/lib 0755 - - -\n' },
  ];
}

export function tree(specs: Spec[], opts: { labels?: Record<string, string>; history?: HistoryEntry[]; layers?: number } = {}): ImageTree {
  const entries = new Map<string, ImageEntry>();
  const versions = new Map<string, FileVersion[]>();
  for (const s of specs) {
    const content = s.content === undefined ? undefined : Buffer.from(s.content);
    const e: ImageEntry = {
      path: s.path, type: s.type ?? 'file', size: s.size ?? content?.length ?? 0, mode: 0o644, uid: 0, gid: 0,
      linkname: s.linkname ?? '', utf8: s.utf8 ?? true, layer: s.layer ?? 0, content,
    };
    entries.set(s.path, e);
    if (content) versions.set(s.path, [...(versions.get(s.path) ?? []), { layer: e.layer, content }]);
  }
  return makeTree(entries, opts.labels ?? { 'containers.bootc': '1' }, opts.history ?? [], opts.layers ?? 1, versions);
}

/** Replace or add entries by path. */
export function withSpecs(base: Spec[], ...changes: Spec[]): Spec[] {
  const map = new Map(base.map((s) => [s.path, s]));
  for (const c of changes) map.set(c.path, c);
  return [...map.values()];
}

export function without(base: Spec[], ...paths: string[]): Spec[] {
  return base.filter((s) => !paths.some((p) => s.path === p || s.path.startsWith(p + '/')));
}
