import { round } from '../findings.js';

export interface LengthStats {
  count: number;
  total: number;
  mean: number;
  median: number;
  min: number;
  max: number;
  std_dev: number;
}

export function lengthStats(values: readonly number[]): LengthStats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  const mean = total / sorted.length;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const variance = sorted.reduce((sum, v) => sum + (v - mean) ** 2, 0) / sorted.length;
  return {
    count: sorted.length,
    total,
    mean: round(mean, 1),
    median: round(median, 1),
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    std_dev: round(Math.sqrt(variance), 1),
  };
}

/** Pearson correlation, or null when there are fewer than 3 pairs or no variation. */
export function correlation(pairs: readonly (readonly [number, number])[]): number | null {
  if (pairs.length < 3) return null;
  const n = pairs.length;
  const mx = pairs.reduce((s, [x]) => s + x, 0) / n;
  const my = pairs.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return round(sxy / Math.sqrt(sxx * syy), 3);
}
