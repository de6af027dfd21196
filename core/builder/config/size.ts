// Sizes as bootc-image-builder accepts them (osbuild/images datasizes): a number of bytes, or a string of a
// number and one of its case-sensitive units: kB, KiB, MB, MiB, GB, GiB, TB, TiB ("20 GiB", "512MiB", "1.5 GB").
// "20 gib", "10 KB" or "4096 B" are refused, as bootc-image-builder refuses them.
const units: Record<string, number> = {
  '': 1,
  kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12,
  KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40,
};

export const sizeUnits = Object.keys(units).filter(Boolean);

/** Bytes (≥ 0), or undefined when the value is not a size. */
export function parseSizeOrZero(value: unknown): number | undefined {
  if (typeof value === 'bigint') value = Number(value);
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(value);
  if (!m || !Object.hasOwn(units, m[2])) return undefined;
  const bytes = Math.round(Number(m[1]) * units[m[2]]);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** Bytes (> 0), or undefined when the value is not a size or is zero. */
export function parseSize(value: unknown): number | undefined {
  const n = parseSizeOrZero(value);
  return n !== undefined && n > 0 ? n : undefined;
}

export const MiB = 2 ** 20;
export const GiB = 2 ** 30;

export function formatSize(bytes: number): string {
  if (bytes % GiB === 0) return `${bytes / GiB} GiB`;
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  return `${bytes} B`;
}
