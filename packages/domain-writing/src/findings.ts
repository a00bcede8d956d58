export type Severity = 'info' | 'warning' | 'error';

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** One thing an analysis tool found: what kind, how bad, where, and a sentence for the author. */
export interface Finding {
  severity: Severity;
  /** Stable code for the kind of finding, e.g. missing_title, event_out_of_order. */
  type: string;
  message: string;
  chapter_id?: number;
  chapter_number?: number;
  scene_id?: number;
  scene_number?: number;
  character_id?: number;
  suggestion?: string;
  details?: Record<string, unknown>;
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** Most severe first, then in story order (chapter, scene), then by type. */
export function sortFindings<T extends Finding>(findings: T[]): T[] {
  return findings.sort(
    (a, b) =>
      RANK[b.severity] - RANK[a.severity] ||
      (a.chapter_number ?? -1) - (b.chapter_number ?? -1) ||
      (a.scene_number ?? -1) - (b.scene_number ?? -1) ||
      a.type.localeCompare(b.type),
  );
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function percent(part: number, whole: number): number | null {
  return whole > 0 ? round((part / whole) * 100, 1) : null;
}
