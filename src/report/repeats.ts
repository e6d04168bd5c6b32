/**
 * Repeat problems of a period: a case closed in the period is a repeat when a case solved before
 * it was reported ranks at or above the suggestion threshold against it — the intake would have
 * offered that case. Repeats and the cases they repeat form clusters (linked by similarity); the
 * largest say which problem keeps coming back ("4 of 5 P1 are database connection timeouts").
 */
import type { CaseRecord } from "../core/cases/case-record.ts";
import { createCaseIndex } from "../similar/rank-similar.ts";
import { SIMILAR_CASE_THRESHOLD } from "../similar/threshold.ts";

/** A case as the review reads it: its record and the report as it was filed. */
export type ReviewCase = Pick<CaseRecord, "id" | "title" | "category" | "priority" | "rootCause" | "solution" | "createdAt" | "closedAt"> & { body: string };

/** One group of similar cases that includes at least one repeat closed in the period. */
export interface RepeatCluster {
  /** Cases of the cluster, earliest close first. */
  caseIds: string[];
  size: number;
  /** The most common category of the cluster's cases; null when none has one. */
  category: string | null;
  /** The root cause recorded on the cluster's earliest case. */
  rootCause: string;
  /** The most common priority of the cluster's cases closed in the period. */
  priority: string;
  /** Of the cases closed in the period at that priority, the share in this cluster. */
  shareOfPriority: number;
}

/** The period's repeat problems. */
export interface RepeatFigures {
  /** Cases closed in the period that repeat an earlier case. */
  count: number;
  /** count / cases closed in the period; null when none closed. */
  rate: number | null;
  /** Largest first, five at most. */
  clusters: RepeatCluster[];
}

const mostCommon = <T>(values: readonly T[]): T | undefined => {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
};

/** The repeats among the cases closed in [from, to), against every case closed before each was reported. */
export function computeRepeats(cases: readonly ReviewCase[], from: number, to: number, threshold = SIMILAR_CASE_THRESHOLD): RepeatFigures {
  const sorted = [...cases].sort((a, b) => Date.parse(a.closedAt) - Date.parse(b.closedAt) || a.id.localeCompare(b.id));
  const inPeriod = sorted.filter((c) => Date.parse(c.closedAt) >= from && Date.parse(c.closedAt) < to);
  const index = createCaseIndex(sorted);
  const parent = new Map<string, string>();
  const root = (id: string): string => {
    let r = id;
    while (parent.has(r)) r = parent.get(r) ?? r;
    return r;
  };
  let count = 0;
  for (const c of inPeriod) {
    const reported = Date.parse(c.createdAt);
    const earlier = index.rank(c, { threshold, accept: (o) => o.id !== c.id && Date.parse(o.closedAt) < reported });
    if (earlier.length === 0) continue;
    count += 1;
    for (const m of earlier) if (root(m.case.id) !== root(c.id)) parent.set(root(c.id), root(m.case.id));
  }
  const groups = new Map<string, ReviewCase[]>();
  for (const c of sorted) {
    const key = root(c.id);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const periodIds = new Set(inPeriod.map((c) => c.id));
  const clusters = [...groups.values()]
    .filter((g) => g.length > 1 && g.some((c) => periodIds.has(c.id)))
    .map((g): RepeatCluster => {
      const recent = g.filter((c) => periodIds.has(c.id));
      const priority = mostCommon(recent.map((c) => c.priority)) ?? "";
      const atPriority = inPeriod.filter((c) => c.priority === priority).length;
      return {
        caseIds: g.map((c) => c.id),
        size: g.length,
        category: mostCommon(g.flatMap((c) => (c.category === null ? [] : [c.category]))) ?? null,
        rootCause: g[0]?.rootCause ?? "",
        priority,
        shareOfPriority: atPriority === 0 ? 0 : recent.filter((c) => c.priority === priority).length / atPriority,
      };
    })
    .sort((a, b) => b.size - a.size || (a.caseIds[0] ?? "").localeCompare(b.caseIds[0] ?? ""))
    .slice(0, 5);
  return { count, rate: inPeriod.length === 0 ? null : count / inPeriod.length, clusters };
}
