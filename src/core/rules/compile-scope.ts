/**
 * The `scope:` section → `ScopeRule`, and `since` as an instant. A bare date starts at midnight
 * in the zone the reports show times in, so that "since 2026-12-01" is the day the team sees in
 * every report; an instant with its zone is taken as written.
 */
import { zoneOffsets } from "../calendar/zone-offsets.ts";
import type { CompileOutput } from "./compile-context.ts";
import type { ScopeRule } from "./rules.ts";
import type { ScopeInput } from "./schema.ts";

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/** Is `since` a bare date (read in a zone) rather than an instant? */
export const isBareDate = (since: string): boolean => DATE_ONLY.test(since);

/** Midnight starting `y-m-d` in `timeZone`, as an instant. */
function localMidnight(y: number, m: number, d: number, timeZone: string): number {
  const wall = Date.UTC(y, m - 1, d);
  const zone = zoneOffsets(timeZone);
  // The offset at a first guess, then at the corrected instant (they differ only across a change).
  const guess = wall - zone.offsetAt(wall);
  return wall - zone.offsetAt(guess);
}

/**
 * The instant `text` names (the schema has checked its form), reading a bare date in `timeZone`;
 * undefined when it names none.
 */
export function sinceInstant(text: string, timeZone: string): number | undefined {
  const date = DATE_ONLY.exec(text);
  if (date) return localMidnight(Number(date[1]), Number(date[2]), Number(date[3]), timeZone);
  const m = INSTANT.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s = "0", fraction = "0", zone, sign, zh = "0", zm = "0"] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + Math.floor(Number(`0.${fraction}`) * 1000);
  const offset = zone === "Z" ? 0 : (sign === "-" ? -1 : 1) * (Number(zh) * 60 + Number(zm)) * 60_000;
  return utc - offset;
}

/** The compiled scope, or undefined when the rules set none (every issue is in). */
export function compileScope(spec: ScopeInput | undefined): ScopeRule | undefined {
  if (spec === undefined) return undefined;
  return {
    since: spec.since,
    labels: list(spec.labels),
    excludeLabels: list(spec["exclude-labels"]),
    types: list(spec.types),
    outside: spec.outside,
  };
}

/** A label both required and excluded leaves nothing in the scope: the index of each such entry. */
export function clashingLabels(spec: ScopeInput | undefined): { index: number; label: string }[] {
  const wanted = new Set(list(spec?.labels).map((l) => l.toLowerCase()));
  const excluded = spec?.["exclude-labels"];
  return list(excluded).flatMap((label, index) => (wanted.has(label.toLowerCase()) ? [{ index: Array.isArray(excluded) ? index : -1, label }] : []));
}

/** Report each label `scope.labels` requires and `scope.exclude-labels` also excludes. */
export function checkScope(spec: ScopeInput | undefined, out: CompileOutput): void {
  for (const { index, label } of clashingLabels(spec)) {
    out.problems.push({
      path: index < 0 ? ["scope", "exclude-labels"] : ["scope", "exclude-labels", index],
      message: `expected a label scope.labels does not also require, found ${JSON.stringify(label)} in both (no issue could be in the scope); keep it in one of the two`,
    });
  }
}
