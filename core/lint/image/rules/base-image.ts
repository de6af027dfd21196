import type { ImageRule } from '../types';

/** Not a check of its own: lintImageTree gathers the other rules' base-image findings under this id (base-note.ts). */
export const baseImage: ImageRule = {
  kind: 'image',
  id: 'base-image',
  severity: 'info',
  summary: 'one note on FROM for the findings that belong to the base image, not to this Containerfile',
  docs: 'Findings about the base image\'s own layers (content in /var, a missing composefs configuration…) and '
    + 'empty files the container runtime leaves in a RUN layer (`/etc/hostname` with podman 4.3, when the base '
    + 'has none) cannot be fixed in your Containerfile. With a Containerfile, `bootable lint --image` and the '
    + 'editor gather them into this one note on `FROM`, each listed under it; errors are never gathered (an '
    + 'image that cannot boot says so on its own). Fix them in the base image, or set this rule to `off` to hide '
    + 'the note.',
  check: () => [],
};
