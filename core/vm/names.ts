// VM names end up in libvirt, in file paths under the state directory and in argv: only a safe alphabet is
// accepted, so a name can never be read as a path, an option, markup or a shell word.
import { UsageError } from '../errors';

const VM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export function checkVmName(name: string): string {
  if (!VM_NAME.test(name) || name.includes('..')) {
    throw new UsageError(`invalid VM name ${JSON.stringify(name)}`, {
      hint: 'use 1–63 characters from A-Z a-z 0-9 _ . - starting with a letter or digit (e.g. lamp-vm)',
    });
  }
  return name;
}

export function isValidVmName(name: string): boolean {
  try { checkVmName(name); return true; } catch { return false; }
}

/** A default VM name from an image reference or a disk path: "localhost/lamp:latest" → "lamp". */
export function vmNameFrom(source: string): string {
  const last = source.split('/').pop() ?? '';
  const base = last.replace(/[:@].*$/, '').replace(/\.(qcow2|raw|img|vmdk|vhd)$/, '');
  const cleaned = base.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/\.{2,}/g, '.').replace(/^[^A-Za-z0-9]+/, '').slice(0, 50);
  return cleaned || 'vm';
}
