// Names bootable derives from a Containerfile's location, shared by `bootable up` and the editor's commands.
// Only node:path here: the extension imports it at activation.
import { basename, dirname, resolve } from 'node:path';

/** examples/lamp/Containerfile → "lamp": lower case, safe for image tags and VM names. */
export function containerfileName(containerfile: string): string {
  const dir = basename(dirname(resolve(containerfile))).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|[-._]+$/g, '');
  return dir || 'image';
}

/** The tag Build Image and `bootable up` give: localhost/bootable/<name>:latest. */
export function defaultImageTag(containerfile: string): string {
  return `localhost/bootable/${containerfileName(containerfile)}:latest`;
}
