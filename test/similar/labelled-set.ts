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

/** The set, checked: every label names a case. */
export function readLabelledSet(): { cases: LabelledCase[]; reports: LabelledReport[] } {
  const cases = z.strictObject({ cases: z.array(Case) }).parse(read("cases.yml")).cases;
  const reports = z.strictObject({ reports: z.array(Report) }).parse(read("reports.yml")).reports;
  const ids = new Set(cases.map((c) => c.id));
  for (const r of reports) if (r.repeats !== null && !ids.has(r.repeats)) throw new Error(`reports.yml: ${r.id} repeats ${r.repeats}, which is no case in cases.yml`);
  return { cases, reports };
}

/** Each report's ranked cases (ids and normalised scores, best first, three at most). */
export interface Ranked {
  report: LabelledReport;
  top: { id: string; normalisedScore: number }[];
}

/** Ranks every report of the set against all its cases. */
export function rankAll(options: { tokeniser?: TokeniserOptions; fuzzy?: boolean } = {}): Ranked[] {
  const { cases, reports } = readLabelledSet();
  const index = createCaseIndex(cases, options.tokeniser);
  return reports.map((report) => ({
    report,
    top: index.rank(report, { limit: 3, ...(options.fuzzy === undefined ? {} : { fuzzy: options.fuzzy }) }).map((m) => ({ id: m.case.id, normalisedScore: m.normalisedScore })),
  }));
}

/** The figures at one suggestion threshold (0: the ranking alone). */
export interface Figures {
  threshold: number;
  /** Repeats whose first suggestion is the repeated case. */
  precisionAt1: number;
  /** Repeats whose repeated case is among the (up to three) suggestions. */
  recallAt3: number;
  /** Reports that repeat no case and get no suggestion. */
  suppression: number;
  /** The reports that count against each figure. */
  wrongFirst: string[];
  missed: string[];
  offered: string[];
}

/** The figures of a ranking when only cases at or above `threshold` are suggested. */
export function figuresAt(ranked: readonly Ranked[], threshold: number): Figures {
  const repeats = ranked.filter((r) => r.report.repeats !== null);
  const none = ranked.filter((r) => r.report.repeats === null);
  const shown = (r: Ranked) => r.top.filter((t) => t.normalisedScore >= threshold);
  const wrongFirst = repeats.filter((r) => shown(r)[0]?.id !== r.report.repeats).map((r) => r.report.id);
  const missed = repeats.filter((r) => !shown(r).some((t) => t.id === r.report.repeats)).map((r) => r.report.id);
  const offered = none.filter((r) => shown(r).length > 0).map((r) => r.report.id);
  return {
    threshold,
    precisionAt1: 1 - wrongFirst.length / repeats.length,
    recallAt3: 1 - missed.length / repeats.length,
    suppression: 1 - offered.length / none.length,
    wrongFirst,
    missed,
    offered,
  };
}

/** Thresholds the choice scans: 0.01 to 0.60 in steps of 0.01. */
export const THRESHOLDS: readonly number[] = Array.from({ length: 60 }, (_, i) => (i + 1) / 100);

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
