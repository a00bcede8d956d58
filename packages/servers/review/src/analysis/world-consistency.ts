import { atLeast, countBySeverity, sortFindings, type Finding, type Severity } from '@mcp-writing/domain-writing';
import type { UsageRow, WorldRow } from '../queries/world.js';

export const WORLD_CHECK_TYPES = ['all', 'locations', 'organizations', 'world_elements', 'element_usage'] as const;
export type WorldCheckType = (typeof WORLD_CHECK_TYPES)[number];

/** Usage element_type values, mapped to the table they point at. */
export const USAGE_KINDS: Record<string, 'location' | 'organization' | 'world_element' | 'world_system'> = {
  location: 'location',
  locations: 'location',
  organization: 'organization',
  organizations: 'organization',
  org: 'organization',
  world_element: 'world_element',
  world_elements: 'world_element',
  element: 'world_element',
  world_system: 'world_system',
  system: 'world_system',
};

/** activity_type / importance_level values that mark the usage where an element first appears. */
export const INTRODUCTION_MARKERS = ['introduced', 'introduction', 'first_appearance', 'founded', 'formed', 'established', 'created', 'built', 'discovered'];

export interface WorldInput {
  series: { id: number; title: string };
  checkType: WorldCheckType;
  threshold: Severity;
  locations: readonly (WorldRow & { parent_location_id: number | null })[];
  organizations: readonly (WorldRow & { headquarters_location_id: number | null; parent_organization_id: number | null })[];
  elements: readonly (WorldRow & { system_id: number | null })[];
  systems: readonly WorldRow[];
  /** Rows referenced from the series (parents, headquarters, systems, used elements), whatever their series. */
  referenced: {
    location: ReadonlyMap<number, WorldRow>;
    organization: ReadonlyMap<number, WorldRow>;
    world_element: ReadonlyMap<number, WorldRow>;
    world_system: ReadonlyMap<number, WorldRow>;
  };
  usage: readonly UsageRow[];
}

type Issue = Finding & { check: Exclude<WorldCheckType, 'all'>; entity?: { kind: string; id: number; name: string } };

/** Follows parent links from each row; reports each cycle once (by its smallest id). */
function cycles(rows: readonly { id: number; name: string }[], parentOf: (id: number) => number | null): { id: number; path: number[] }[] {
  const found: { id: number; path: number[] }[] = [];
  const seenCycles = new Set<string>();
  for (const row of rows) {
    const path: number[] = [row.id];
    let next = parentOf(row.id);
    while (next !== null && !path.includes(next) && path.length < 10_000) {
      path.push(next);
      next = parentOf(next);
    }
    if (next !== null && path.includes(next)) {
      const loop = path.slice(path.indexOf(next));
      const key = [...loop].sort((a, b) => a - b).join(',');
      if (!seenCycles.has(key)) {
        seenCycles.add(key);
        found.push({ id: Math.min(...loop), path: loop });
      }
    }
  }
  return found;
}

/**
 * check_world_consistency rules:
 * - locations: parent missing (error), parent in another series (error), parent chain looping (error).
 * - organizations: headquarters location missing or in another series (error), parent organization missing
 *   or in another series (warning), parent chain looping (warning).
 * - world_elements: system_id naming a world system that is missing or belongs to another series (error).
 * - element_usage (world_element_usage of the series' books): the used element missing (error) or of another
 *   series (error); the record's chapter in another book than its book_id (error); an element_type that is
 *   not a location, organization, world element or system (info); an element used before it is introduced
 *   (warning). An element's introduction is determinable only when one of its usage records has
 *   activity_type or importance_level in INTRODUCTION_MARKERS; every usage ordered before that record (book
 *   number, then chapter number, a record without chapter counting as the start of its book) is reported.
 */
export function checkWorldConsistency(input: WorldInput) {
  const all: Issue[] = [];
  const want = (check: Exclude<WorldCheckType, 'all'>) => input.checkType === 'all' || input.checkType === check;
  const seriesId = input.series.id;

  if (want('locations')) {
    const byId = new Map(input.locations.map((l) => [l.id, l]));
    for (const l of input.locations) {
      if (l.parent_location_id === null) continue;
      const parent = input.referenced.location.get(l.parent_location_id);
      const entity = { kind: 'location', id: l.id, name: l.name };
      if (!parent) {
        all.push({ check: 'locations', severity: 'error', type: 'missing_parent_location', entity, message: `Location "${l.name}" is inside location ${l.parent_location_id}, which does not exist.` });
      } else if (parent.series_id !== seriesId) {
        all.push({ check: 'locations', severity: 'error', type: 'parent_location_other_series', entity, message: `Location "${l.name}" is inside "${parent.name}", a location of another series.` });
      }
    }
    for (const loop of cycles(input.locations, (id) => byId.get(id)?.parent_location_id ?? null)) {
      const names = loop.path.map((id) => byId.get(id)?.name ?? String(id));
      all.push({ check: 'locations', severity: 'error', type: 'location_cycle', entity: { kind: 'location', id: loop.id, name: byId.get(loop.id)?.name ?? '' }, message: `Locations contain each other in a loop: ${names.join(' > ')} > ${names[0]}.` });
    }
  }

  if (want('organizations')) {
    const byId = new Map(input.organizations.map((o) => [o.id, o]));
    for (const o of input.organizations) {
      const entity = { kind: 'organization', id: o.id, name: o.name };
      if (o.headquarters_location_id !== null) {
        const hq = input.referenced.location.get(o.headquarters_location_id);
        if (!hq) {
          all.push({ check: 'organizations', severity: 'error', type: 'missing_headquarters', entity, message: `Organization "${o.name}" is headquartered at location ${o.headquarters_location_id}, which does not exist.` });
        } else if (hq.series_id !== seriesId) {
          all.push({ check: 'organizations', severity: 'error', type: 'headquarters_other_series', entity, message: `Organization "${o.name}" is headquartered at "${hq.name}", a location of another series.` });
        }
      }
      if (o.parent_organization_id !== null) {
        const parent = input.referenced.organization.get(o.parent_organization_id);
        if (!parent) {
          all.push({ check: 'organizations', severity: 'warning', type: 'missing_parent_organization', entity, message: `Organization "${o.name}" belongs to organization ${o.parent_organization_id}, which does not exist.` });
        } else if (parent.series_id !== seriesId) {
          all.push({ check: 'organizations', severity: 'warning', type: 'parent_organization_other_series', entity, message: `Organization "${o.name}" belongs to "${parent.name}", an organization of another series.` });
        }
      }
    }
    for (const loop of cycles(input.organizations, (id) => byId.get(id)?.parent_organization_id ?? null)) {
      const names = loop.path.map((id) => byId.get(id)?.name ?? String(id));
      all.push({ check: 'organizations', severity: 'warning', type: 'organization_cycle', entity: { kind: 'organization', id: loop.id, name: byId.get(loop.id)?.name ?? '' }, message: `Organizations belong to each other in a loop: ${names.join(' > ')} > ${names[0]}.` });
    }
  }

  if (want('world_elements')) {
    for (const e of input.elements) {
      if (e.system_id === null) continue;
      const system = input.referenced.world_system.get(e.system_id);
      const entity = { kind: 'world_element', id: e.id, name: e.name };
      if (!system) {
        all.push({ check: 'world_elements', severity: 'error', type: 'missing_world_system', entity, message: `World element "${e.name}" belongs to world system ${e.system_id}, which is not defined.` });
      } else if (system.series_id !== null && system.series_id !== seriesId) {
        all.push({ check: 'world_elements', severity: 'error', type: 'world_system_other_series', entity, message: `World element "${e.name}" belongs to world system "${system.name}" of another series.` });
      }
    }
  }

  if (want('element_usage')) {
    const intro = new Map<string, UsageRow>();
    const key = (u: UsageRow) => `${USAGE_KINDS[u.element_type.trim().toLowerCase()] ?? u.element_type}:${u.element_id}`;
    const order = (u: UsageRow): [number, number] => [u.book_number ?? 0, u.chapter_number ?? 0];
    const before = (a: UsageRow, b: UsageRow) => {
      const [ab, ac] = order(a);
      const [bb, bc] = order(b);
      return ab < bb || (ab === bb && ac < bc);
    };
    for (const u of input.usage) {
      const marker = [u.activity_type, u.importance_level].some((v) => v !== null && INTRODUCTION_MARKERS.includes(v.trim().toLowerCase()));
      const prior = intro.get(key(u));
      if (marker && (!prior || before(u, prior))) intro.set(key(u), u);
    }
    for (const u of input.usage) {
      const where = { details: { usage_id: u.id, book_id: u.book_id, chapter_id: u.chapter_id }, ...(u.chapter_number !== null ? { chapter_number: u.chapter_number } : {}) };
      const kind = USAGE_KINDS[u.element_type.trim().toLowerCase()];
      if (!kind) {
        all.push({ check: 'element_usage', severity: 'info', type: 'unknown_element_type', ...where, message: `Usage record ${u.id} has element_type "${u.element_type}", which is not a location, organization, world element or system.` });
        continue;
      }
      const element = input.referenced[kind].get(u.element_id);
      if (!element) {
        all.push({ check: 'element_usage', severity: 'error', type: 'usage_of_missing_element', ...where, message: `"${u.book_title}" records the use of ${kind.replace('_', ' ')} ${u.element_id}, which does not exist.` });
        continue;
      }
      const entity = { kind, id: element.id, name: element.name };
      if (element.series_id !== seriesId) {
        all.push({ check: 'element_usage', severity: 'error', type: 'usage_of_other_series_element', entity, ...where, message: `"${u.book_title}" uses "${element.name}", a ${kind.replace('_', ' ')} of another series.` });
      }
      if (u.chapter_id !== null && u.chapter_book_id !== null && u.chapter_book_id !== u.book_id) {
        all.push({ check: 'element_usage', severity: 'error', type: 'usage_chapter_in_other_book', entity, ...where, message: `A use of "${element.name}" is recorded for "${u.book_title}" but in chapter ${u.chapter_id} of another book.` });
      }
      const introduction = intro.get(key(u));
      if (introduction && before(u, introduction)) {
        const at = (x: UsageRow) => `book ${x.book_number ?? '?'}${x.chapter_number !== null ? `, chapter ${x.chapter_number}` : ''}`;
        all.push({
          check: 'element_usage',
          severity: 'warning',
          type: 'used_before_introduction',
          entity,
          ...where,
          message: `"${element.name}" is used in ${at(u)} but introduced only in ${at(introduction)}.`,
        });
      }
    }
  }

  const reported = sortFindings(all.filter((i) => atLeast(i.severity, input.threshold)));
  return {
    series: input.series,
    check_type: input.checkType,
    severity_threshold: input.threshold,
    checked: {
      locations: want('locations') ? input.locations.length : 0,
      organizations: want('organizations') ? input.organizations.length : 0,
      world_elements: want('world_elements') ? input.elements.length : 0,
      world_systems: input.systems.length,
      usage_records: want('element_usage') ? input.usage.length : 0,
    },
    summary: { ...countBySeverity(reported), total: reported.length, below_threshold: all.length - reported.length },
    issues: reported,
  };
}
