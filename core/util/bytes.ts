// Byte counts for people: 512 B, 1 MiB, 1.5 KiB, 6.5 GiB, 712 MiB (whole numbers as they are, one decimal below 10).
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${Number.isInteger(v) ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
