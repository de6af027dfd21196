// Names bootable derives and accepts: image tags from a Containerfile's location, and the one rule for VM names,
// which are also the guest's hostname (set per VM at boot). Only node:path and errors here: the extension
// imports this at activation.
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from './errors';

/** examples/lamp/Containerfile → "lamp": lower case, safe for image tags. */
export function containerfileName(containerfile: string): string {
  const dir = basename(dirname(resolve(containerfile))).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|[-._]+$/g, '');
  return dir || 'image';
}

/** Where bootable tags what it builds (the local base image is there too). */
export const IMAGE_NAMESPACE = 'localhost/bootable/';

/** The tag Build Image and `bootable up` give: localhost/bootable/<name>:latest. */
export function defaultImageTag(containerfile: string): string {
  return `${IMAGE_NAMESPACE}${containerfileName(containerfile)}:latest`;
}

/**
 * A VM name is a valid hostname label (RFC 1123): 1–63 of a-z 0-9 and "-", starting and ending with a letter or
 * digit. Lower case only, so two VMs never differ by case alone. The alphabet also keeps a name from being read
 * as a path, an option, markup or a shell word wherever it ends up (libvirt, file paths, argv, DHCP).
 */
const VM_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const VM_NAME_HINT = 'use 1–63 characters from a-z 0-9 and -, starting and ending with a letter or digit (e.g. lamp-vm)';

export function isValidVmName(name: string): boolean {
  return VM_NAME.test(name);
}

export function checkVmName(name: string): string {
  if (!isValidVmName(name)) throw new UsageError(`invalid VM name ${JSON.stringify(name)}`, { hint: VM_NAME_HINT });
  return name;
}

/**
 * The VM name `bootable up` gives a project: its directory's name, lower-cased, with single "_", "." or spaces
 * between letters and digits read as "-". Anything else (other characters, runs of separators, more than 63
 * characters) is refused rather than cleaned up, so two directories never silently get the same VM.
 */
export function projectVmName(containerfile: string): string {
  const dir = basename(dirname(resolve(containerfile)));
  const lower = dir.toLowerCase();
  if (/^[a-z0-9]+(?:[-_. ][a-z0-9]+)*$/.test(lower)) {
    const name = lower.replace(/[_. ]/g, '-');
    if (isValidVmName(name)) return name;
  }
  throw new UsageError(`cannot make a VM name from the directory name ${JSON.stringify(dir)}`, {
    hint: `pass --name NAME (${VM_NAME_HINT.replace(/^use /, '')})`,
  });
}
