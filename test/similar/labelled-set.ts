/**
 * The labelled set of similar cases (test/fixtures/similar-cases/) and its figures: how often the
 * ranker puts the repeated case first, how often within three, and how often it offers nothing
 * for a report that repeats no case. Shared by the test that holds the targets and the benchmark.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { createCaseIndex, type SimilarCandidate } from "../../src/similar/rank-similar.ts";
import type { TokeniserOptions } from "../../src/similar/tokenise.ts";

const Case = z.strictObject({
  id: z.string(),
  category: z.string(),
  title: z.string(),
  body: z.string(),
  rootCause: z.string(),
  solution: z.string(),
  closedAt: z.union([z.string(), z.date()]),
});
const Report = z.strictObject({ id: z.string(), repeats: z.string().nullable(), title: z.string(), body: z.string() });

/** A past case of the set. */
export type LabelledCase = z.infer<typeof Case> & SimilarCandidate;
/** A new report of the set, with the case it repeats or null. */
export type LabelledReport = z.infer<typeof Report>;

const read = (name: string): unknown => parse(readFileSync(new URL(`../fixtures/similar-cases/${name}`, import.meta.url), "utf8"));

const Reports = z.strictObject({ reports: z.array(Report) });

/** The reports of the set: `tuning` (reports.yml) chose the weights and the threshold; `held-out` (held-out.yml) was never used to choose anything. */
export type ReportSet = "tuning" | "held-out";
const REPORT_FILES: Record<ReportSet, string> = { tuning: "reports.yml", "held-out": "held-out.yml" };

/** The cases and one set of reports, checked: every label names a case, every id is unique. */
export function readLabelledSet(set: ReportSet = "tuning"): { cases: LabelledCase[]; reports: LabelledReport[] } {
  const cases = z.strictObject({ cases: z.array(Case) }).parse(read("cases.yml")).cases;
  const file = REPORT_FILES[set];
  const reports = Reports.parse(read(file)).reports;
  const ids = new Set(cases.map((c) => c.id));
  const seen = new Set<string>();
  for (const r of reports) {
    if (r.repeats !== null && !ids.has(r.repeats)) throw new Error(`${file}: ${r.id} repeats ${r.repeats}, which is no case in cases.yml`);
    if (seen.has(r.id)) throw new Error(`${file}: the id ${r.id} is used twice`);
    seen.add(r.id);
  }
  return { cases, reports };
}

/** Each report's ranked cases (ids and normalised scores, best first, three at most). */
export interface Ranked {
  report: LabelledReport;
  top: { id: string; normalisedScore: number }[];
}

/** Ranks every report of the set against all its cases. */
export function rankAll(options: { set?: ReportSet; tokeniser?: TokeniserOptions; fuzzy?: boolean } = {}): Ranked[] {
  const { cases, reports } = readLabelledSet(options.set);
  const index = createCaseIndex(cases, options.tokeniser);
  return reports.map((report) => ({
    report,
    top: index.rank(report, { limit: 3, ...(options.fuzzy === undefined ? {} : { fuzzy: options.fuzzy }) }).map((m) => ({ id: m.case.id, normalisedScore: m.normalisedScore })),
  }));
}

/**
 * The figures at one suggestion threshold, as a user meets them: a case is offered when its
 * normalised score is at or above the threshold, three at most (0: the ranking alone).
 */
export interface Figures {
  threshold: number;
  /** Of the reports offered at least one case (repeats or not), those whose first offer is the case they repeat; 1 when none is offered anything. */
  precisionAt1: number;
  /** Of the repeats, those whose repeated case is among the (up to three) cases offered. */
  recallAt3: number;
  /** Of the reports that repeat no case, those offered nothing. */
  suppression: number;
  /** The reports that count against each figure. */
  wrongFirst: string[];
  missed: string[];
  offered: string[];
}

/** The figures of a ranking when only cases at or above `threshold` are offered. */
export function figuresAt(ranked: readonly Ranked[], threshold: number): Figures {
  const shown = (r: Ranked) => r.top.filter((t) => t.normalisedScore >= threshold);
  const given = ranked.filter((r) => shown(r).length > 0);
  const repeats = ranked.filter((r) => r.report.repeats !== null);
  const none = ranked.filter((r) => r.report.repeats === null);
  const wrongFirst = given.filter((r) => shown(r)[0]?.id !== r.report.repeats).map((r) => r.report.id);
  const missed = repeats.filter((r) => !shown(r).some((t) => t.id === r.report.repeats)).map((r) => r.report.id);
  const offered = none.filter((r) => shown(r).length > 0).map((r) => r.report.id);
  const share = (bad: number, of: number): number => (of === 0 ? 1 : 1 - bad / of);
  return {
    threshold,
    precisionAt1: share(wrongFirst.length, given.length),
    recallAt3: share(missed.length, repeats.length),
    suppression: share(offered.length, none.length),
    wrongFirst,
    missed,
    offered,
  };
}

/** Thresholds the choice scans: 0.005 to 0.600 in steps of 0.005. */
export const THRESHOLDS: readonly number[] = Array.from({ length: 120 }, (_, i) => (i + 1) / 200);

/** The least share of no-match reports that must get no suggestion. */
export const SUPPRESSION_TARGET = 0.9;

/** The lowest threshold that offers nothing on enough no-match reports: the most repeats offered for that. */
export function chooseThreshold(ranked: readonly Ranked[]): Figures {
  for (const t of THRESHOLDS) {
    const figures = figuresAt(ranked, t);
    if (figures.suppression >= SUPPRESSION_TARGET) return figures;
  }
  return figuresAt(ranked, 1);
}
