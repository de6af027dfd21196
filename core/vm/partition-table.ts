// Reads just enough of a disk's first sectors to tell which firmware can boot it: an EFI system partition
// means UEFI, a BIOS boot partition (GPT) or boot code in the MBR means BIOS. Pure: works on a Buffer.

export const ESP_GUID = 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B';
export const BIOS_BOOT_GUID = '21686148-6449-6E6F-744E-656564454649';

export interface BootLayout {
  table: 'gpt' | 'mbr' | 'none';
  hasEsp: boolean;
  /** A BIOS boot partition (GPT) or an active partition (MBR). */
  hasBiosBootPartition: boolean;
  /** Non-zero boot code in the first 440 bytes of the MBR. */
  hasMbrBootCode: boolean;
}

const SECTOR = 512;

/** Mixed-endian GUID as stored on disk → canonical upper-case text. */
export function guidToString(b: Buffer): string {
  const hex = (buf: Buffer) => buf.toString('hex').toUpperCase();
  const le = (buf: Buffer) => hex(Buffer.from(buf).reverse());
  return `${le(b.subarray(0, 4))}-${le(b.subarray(4, 6))}-${le(b.subarray(6, 8))}-${hex(b.subarray(8, 10))}-${hex(b.subarray(10, 16))}`;
}

export function readBootLayout(head: Buffer): BootLayout {
  const none: BootLayout = { table: 'none', hasEsp: false, hasBiosBootPartition: false, hasMbrBootCode: false };
  if (head.length < SECTOR || head.readUInt16LE(510) !== 0xaa55) return none;
  const hasMbrBootCode = head.subarray(0, 440).some((x) => x !== 0);
  const mbrParts = [0, 1, 2, 3].map((i) => head.subarray(446 + i * 16, 446 + (i + 1) * 16));
  const protective = mbrParts.some((p) => p[4] === 0xee);
  if (protective && head.length >= 2 * SECTOR && head.toString('latin1', SECTOR, SECTOR + 8) === 'EFI PART') {
    const entriesLba = Number(head.readBigUInt64LE(SECTOR + 72));
    const count = head.readUInt32LE(SECTOR + 80);
    const size = head.readUInt32LE(SECTOR + 84);
    const types: string[] = [];
    for (let i = 0; i < Math.min(count, 256); i++) {
      const off = entriesLba * SECTOR + i * size;
      if (size < 16 || off + 16 > head.length) break;
      const guid = head.subarray(off, off + 16);
      if (guid.every((x) => x === 0)) continue;
      types.push(guidToString(guid));
    }
    return { table: 'gpt', hasEsp: types.includes(ESP_GUID), hasBiosBootPartition: types.includes(BIOS_BOOT_GUID), hasMbrBootCode };
  }
  const used = mbrParts.filter((p) => p[4] !== 0);
  if (used.length === 0) return { ...none, hasMbrBootCode };
  return {
    table: 'mbr',
    hasEsp: used.some((p) => p[4] === 0xef),
    hasBiosBootPartition: used.some((p) => p[0] === 0x80),
    hasMbrBootCode,
  };
}
