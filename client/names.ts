// Names bootable derives for the user (kept apart from pick.ts so light modules can use them without loading core).
import * as path from 'node:path';

/** The tag "Build Image" gives: localhost/bootable/<directory of the Containerfile>:latest. */
export function defaultTag(containerfile: string): string {
  const dir = path.basename(path.dirname(containerfile)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|[-._]+$/g, '');
  return `localhost/bootable/${dir || 'image'}:latest`;
}
