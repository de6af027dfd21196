// What every bench prints: a figure as the median of its rounds with the spread (min–max), a ratio against an
// anchor measured in the same run (rounds alternate, so load from other work hits both alike), and the machine's
// load average, since figures taken on a loaded machine are still figures but not comparable ones.
import { readFileSync } from 'node:fs';

/** Rounds per figure: BOOTABLE_BENCH_ROUNDS, default 5. */
export const ROUNDS = Math.max(1, Number(process.env.BOOTABLE_BENCH_ROUNDS ?? 5));

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The value at percentile p (nearest rank) of a sample. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) throw new Error('percentile of no values');
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** "39.3 s (median of 5: 37.1–41.0)". */
export function figure(xs: readonly number[], unit: string, digits = 1): string {
  const f = (x: number) => x.toFixed(digits);
  const spread = xs.length > 1 ? `: ${f(Math.min(...xs))}–${f(Math.max(...xs))}` : '';
  return `${f(median(xs))} ${unit} (median of ${xs.length}${spread})`;
}

/** "1.02× ANCHOR (per-round 0.97–1.05)": ratio of the medians, with the spread of the paired per-round ratios. */
export function ratio(xs: readonly number[], anchor: readonly number[], anchorName: string): string {
  const r = median(xs) / median(anchor);
  const pairs = xs.slice(0, anchor.length).map((x, i) => x / anchor[i]!);
  const spread = pairs.length > 1 ? ` (per-round ${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)})` : '';
  return `${r.toFixed(2)}× ${anchorName}${spread}`;
}

/** The 1, 5 and 15 minute load averages, e.g. "load 1.52 1.40 1.31". */
export function load(): string {
  return `load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`;
}

/** Runs fn and returns its wall time in seconds. */
export async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** ROUNDS rounds of two measurements, alternating which goes first. */
export async function alternate(a: () => Promise<number>, b: () => Promise<number>, rounds = ROUNDS,
  onRound?: (i: number, a: number, b: number) => void): Promise<{ a: number[]; b: number[] }> {
  const as: number[] = [], bs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) { as.push(await a()); bs.push(await b()); }
    else { bs.push(await b()); as.push(await a()); }
    onRound?.(i, as[i]!, bs[i]!);
  }
  return { a: as, b: bs };
}

/** One figure line: "bench AREA METRIC: VALUE [= RATIO] (goal …) [load …]". */
export function report(area: string, metric: string, value: string, extra: { vs?: string; goal?: string } = {}): void {
  console.log(`bench ${area} ${metric}: ${value}${extra.vs ? ` = ${extra.vs}` : ''}${extra.goal ? ` (goal ${extra.goal})` : ''} [${load()}]`);
}
