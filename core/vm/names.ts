// VM names: the rule itself lives in core/names.ts (a VM name is also the guest's hostname); this module makes
// default names for disks booted without --name.
import { isValidVmName } from '../names';

export { checkVmName, isValidVmName } from '../names';

/**
 * A default VM name from an image reference or a disk path: "localhost/lamp:latest" → "lamp". Cleaned up into
 * a valid name (lamp_Web → lamp-web); createVm then makes it unique with -2, -3…, so cleaning cannot collide.
 * Leaves room for that suffix.
 */
export function vmNameFrom(source: string): string {
  const last = source.split('/').pop() ?? '';
  const base = last.replace(/[:@].*$/, '').replace(/\.(qcow2|raw|img|vmdk|vhd)$/, '');
  const cleaned = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 50).replace(/^-+|-+$/g, '');
  return isValidVmName(cleaned) ? cleaned : 'vm';
}
