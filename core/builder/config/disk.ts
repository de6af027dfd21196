// `customizations.disk` (osbuild/blueprint's DiskCustomization) checked as bootc-image-builder checks it:
// partition table type gpt|dos, partitions of type plain (fs_type ext4|xfs|vfat|swap|none), btrfs (subvolumes) or
// lvm, each with a required minsize; unique mountpoints, canonical paths, /boot on ext4|xfs, part_type/part_uuid/
// part_label valid for the table type, at most one btrfs volume and no btrfs with lvm. Then what bootable cannot
// build: LVM (refused here, see docs/disk-images.md); the rest (dos, where subvolumes may be mounted) is decided
// when planning. Every problem is recorded (check.ts), not only the first.
import { posix } from 'node:path';
import type { Checker, Obj } from './check';
import type { ConfigDisk, ConfigFsType, ConfigPartition } from './types';

const uuidRe = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const plainFsTypes = ['ext4', 'xfs', 'vfat'];
const common = ['type', 'minsize', 'part_type', 'part_label', 'part_uuid'];

export const lvmRefusal = 'LVM is not supported by bootable: it builds disks from files without device-mapper (this '
  + 'kernel has none), so it cannot create logical volumes, and it does not write LVM2 metadata itself; use plain '
  + 'partitions (type "plain", the default)';

function mountpointProblem(mp: string): string | undefined {
  if (mp === '') return 'mountpoint is empty';
  if (!mp.startsWith('/')) return `mountpoint "${mp}" is not an absolute path`;
  if (mp !== posix.normalize(mp) || (mp.length > 1 && mp.endsWith('/'))) return `mountpoint "${mp}" is not a canonical path`;
  return undefined;
}

export function validateDisk(c: Checker, raw: unknown, path: string): ConfigDisk {
  const o = c.obj(raw, path);
  c.onlyKeys(o, path, ['type', 'minsize', 'partitions', 'start_offset', 'sector_size']);
  const type = o.type === undefined ? 'gpt' : c.part(() => {
    const t = c.str(o.type, `${path}.type`);
    if (t !== 'gpt' && t !== 'dos') c.fail(`${path}.type`, `unknown partition table type: ${t.slice(0, 20)} (valid: gpt, dos)`);
    return t;
  });
  if (o.sector_size !== undefined) {
    c.part(() => {
      const s = c.int(o.sector_size, `${path}.sector_size`);
      if (s === 0 || (s & (s - 1)) !== 0) c.fail(`${path}.sector_size`, `must be a power of 2, got ${s}`);
      if (s !== 512) c.fail(`${path}.sector_size`, 'bootable makes disks with 512-byte sectors only');
    });
  }
  if (o.start_offset !== undefined) c.report(`${path}.start_offset`, 'not supported by bootable: the first partition starts at 1 MiB');
  const minsize = o.minsize === undefined ? 0 : c.part(() => c.size(o.minsize, `${path}.minsize`));
  const disk: ConfigDisk = { type: (type ?? 'gpt') as ConfigDisk['type'], minsize: minsize ?? 0, partitions: [] };
  if (o.partitions === undefined) return disk;
  c.part(() => {
    const count = c.arr(o.partitions, `${path}.partitions`).length;
    if (type === 'dos' && count > 4) c.report(`${path}.partitions`, `"dos" partition table type only supports up to 4 partitions: got ${count}`);
    const mountpoints = new Set<string>();
    let btrfsVolumes = 0;
    disk.partitions = c.items(o.partitions, `${path}.partitions`, (p, ppath) => {
      const part = validatePartition(c, c.obj(p, ppath), ppath, disk.type, mountpoints);
      if (part.type === 'btrfs' && ++btrfsVolumes > 1) c.fail(ppath, 'multiple btrfs volumes are not yet supported');
      return part;
    });
  });
  return disk;
}

/** bootc-image-builder's plainOnlyMountpoints: never on btrfs (or LVM). */
const plainOnlyMountpoints = ['/boot', '/boot/efi'];

function validatePartition(c: Checker, o: Obj, path: string, table: ConfigDisk['type'], mountpoints: Set<string>): ConfigPartition {
  const type = o.type === undefined ? 'plain' : c.str(o.type, `${path}.type`);
  if (type === 'lvm') {
    c.onlyKeys(o, path, [...common, 'name', 'logical_volumes']);
    c.fail(`${path}.type`, lvmRefusal);
  }
  if (type !== 'plain' && type !== 'btrfs') c.fail(`${path}.type`, `unknown partition type: ${type.slice(0, 20)} (valid: plain, btrfs, lvm)`);
  c.onlyKeys(o, path, type === 'plain' ? [...common, 'mountpoint', 'label', 'fs_type'] : [...common, 'subvolumes']);
  const ids = partitionIds(c, o, path, table);
  const minsize = c.part(() => {
    if (o.minsize === undefined) c.fail(`${path}.minsize`, 'required');
    return c.size(o.minsize, `${path}.minsize`);
  });
  const claim = (mp: string, key: string) => {
    const problem = mountpointProblem(mp);
    if (problem) c.fail(key, problem);
    if (mountpoints.has(mp)) c.fail(key, `duplicate mountpoint "${mp}" in partitioning customizations`);
    mountpoints.add(mp);
  };
  if (type === 'btrfs') {
    const names = new Set<string>();
    const subvolumes = c.part(() => {
      if (o.subvolumes === undefined) c.fail(`${path}.subvolumes`, 'btrfs volume requires subvolumes');
      const list = c.items(o.subvolumes, `${path}.subvolumes`, (s, key) => {
        const so = c.obj(s, key);
        c.onlyKeys(so, key, ['name', 'mountpoint']);
        const name = c.part(() => {
          const n = so.name === undefined ? '' : c.str(so.name, `${key}.name`);
          if (n === '') c.fail(`${key}.name`, 'btrfs subvolume with empty name');
          if (names.has(n)) c.fail(`${key}.name`, `duplicate btrfs subvolume name "${n}"`);
          names.add(n);
          return n;
        });
        const mountpoint = c.part(() => {
          const mp = c.str(so.mountpoint ?? '', `${key}.mountpoint`);
          claim(mp, `${key}.mountpoint`);
          if (plainOnlyMountpoints.includes(mp)) c.fail(`${key}.mountpoint`, `invalid mountpoint "${mp}" for btrfs subvolume`);
          return mp;
        });
        return name === undefined || mountpoint === undefined ? c.skip() : { name, mountpoint };
      });
      if (c.arr(o.subvolumes, `${path}.subvolumes`).length === 0) c.fail(`${path}.subvolumes`, 'btrfs volume requires subvolumes');
      return list;
    });
    if (minsize === undefined || subvolumes === undefined) c.skip();
    return { type: 'btrfs', minsize: minsize!, subvolumes: subvolumes!, ...ids, key: path };
  }
  const fsType = (c.part(() => (o.fs_type === undefined ? '' : c.str(o.fs_type, `${path}.fs_type`))) ?? 'none') as ConfigFsType;
  const mountpoint = o.mountpoint === undefined ? undefined : c.part(() => c.str(o.mountpoint, `${path}.mountpoint`));
  const label = o.label === undefined ? undefined : c.part(() => {
    const l = c.str(o.label, `${path}.label`);
    if (!/^[A-Za-z0-9_.-]{1,16}$/.test(l)) c.fail(`${path}.label`, `"${l.slice(0, 40)}" is not a usable filesystem label (letters, digits, _ . -, at most 16)`);
    return l;
  });
  if (minsize === undefined) c.skip();
  if (fsType === 'swap' || fsType === 'none') {
    if (mountpoint) c.fail(`${path}.mountpoint`, `mountpoint for ${fsType} partition must be empty (got "${mountpoint.slice(0, 80)}")`);
    return { type: 'plain', minsize: minsize!, fsType, label, ...ids, key: path };
  }
  claim(mountpoint ?? '', `${path}.mountpoint`);
  if (!plainFsTypes.includes(fsType)) {
    c.fail(`${path}.fs_type`, `unknown or invalid filesystem type (fs_type) for mountpoint "${mountpoint}": ${fsType.slice(0, 20) || '(none)'} (valid: ext4, xfs, vfat, swap, none)`);
  }
  if (mountpoint === '/boot' && fsType !== 'ext4' && fsType !== 'xfs') c.fail(`${path}.fs_type`, `unsupported filesystem type for "/boot": ${fsType}`);
  if (mountpoint === '/boot/efi' && fsType !== 'vfat') c.fail(`${path}.fs_type`, `unsupported filesystem type for "/boot/efi": ${fsType}`);
  return { type: 'plain', minsize: minsize!, mountpoint, fsType, label, ...ids, key: path };
}

function partitionIds(c: Checker, o: Obj, path: string, table: ConfigDisk['type']) {
  const ids: { partType?: string; partLabel?: string; partUuid?: string } = {};
  if (o.part_type !== undefined) c.part(() => {
    const t = c.str(o.part_type, `${path}.part_type`);
    if (table === 'gpt' && !uuidRe.test(t)) c.fail(`${path}.part_type`, `invalid partition part_type "${t.slice(0, 40)}" for partition table type "gpt" (must be a valid UUID)`);
    if (table === 'dos' && !/^[0-9a-fA-F]{2}$/.test(t)) c.fail(`${path}.part_type`, `invalid partition part_type "${t.slice(0, 40)}" for partition table type "dos" (must be a 2-digit hex number)`);
    ids.partType = t;
  });
  if (o.part_uuid !== undefined) c.part(() => {
    const u = c.str(o.part_uuid, `${path}.part_uuid`);
    if (table === 'dos') c.fail(`${path}.part_uuid`, 'part_uuid is not supported for dos partition tables');
    if (!uuidRe.test(u)) c.fail(`${path}.part_uuid`, `invalid partition part_uuid "${u.slice(0, 40)}" (must be a valid UUID)`);
    ids.partUuid = u.toLowerCase();
  });
  if (o.part_label !== undefined) c.part(() => {
    const l = c.str(o.part_label, `${path}.part_label`);
    if (table === 'dos') c.fail(`${path}.part_label`, 'part_label is not supported for dos partition tables');
    if (l.length > 36) c.fail(`${path}.part_label`, 'part_label is not a valid GPT label, it is too long (at most 36)');
    // sgdisk takes the label as an argument "-cN:LABEL": keep it printable, without ":".
    if (/[\0-\x1f:]/.test(l)) c.fail(`${path}.part_label`, 'part_label must not contain ":" or control characters');
    ids.partLabel = l;
  });
  return ids;
}
