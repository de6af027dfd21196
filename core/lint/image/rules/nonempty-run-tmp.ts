import type { ImageRule } from '../types';
import { byLayer } from './by-layer';

/** Left by container runtimes, not by the Containerfile. */
const RUNTIME_FILES = new Set(['run/.containerenv', 'run/systemd/resolve/stub-resolv.conf']);

export const nonemptyRunTmp: ImageRule = {
  kind: 'image',
  id: 'nonempty-run-tmp',
  severity: 'warning',
  summary: 'no files left in /run or /tmp',
  docs: '`/run` and `/tmp` are tmpfs on a booted system: files the image leaves there are hidden and only waste '
    + 'space. Delete them in the same RUN, or use `RUN --mount=type=tmpfs,target=/tmp` / `--mount=type=bind` for '
    + 'build-time files.',
  check(tree) {
    const left = [...tree.entries.values()]
      .filter((e) => e.type !== 'dir' && /^(run|tmp)\//.test(e.path) && !RUNTIME_FILES.has(e.path)
        && !e.path.startsWith('run/secrets/'))
      .map((e) => e.path);
    return byLayer(tree, left, 'Found content in /run or /tmp');
  },
};
