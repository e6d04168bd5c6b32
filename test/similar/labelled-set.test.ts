/**
 * The similar-case targets on the labelled set, as a user meets them: a case is offered when it
 * scores at or above the default threshold, three at most. The tuning reports chose the weights,
 * the glossary and the threshold; the held-out reports were written before the ranker was run on
 * them and chose nothing. A change that loses a repeat, offers a wrong case first or offers a case
 * for a report that repeats none fails here.
 */
import { describe, expect, it } from "vitest";
import { SIMILAR_CASE_THRESHOLD } from "../../src/similar/threshold.ts";
import { chooseThreshold, figuresAt, rankAll, readLabelledSet, type ReportSet } from "./labelled-set.ts";

describe("the labelled set of similar cases", () => {
  it("holds at least 40 cases; 45 tuning repeats and 15 without a match; 22 held-out repeats and 8 without; each in other words than its case", () => {
    const tuning = readLabelledSet("tuning");
    const heldOut = readLabelledSet("held-out");
    expect(tuning.cases.length).toBeGreaterThanOrEqual(40);
    expect(tuning.reports.filter((r) => r.repeats !== null).length).toBeGreaterThanOrEqual(45);
    expect(tuning.reports.filter((r) => r.repeats === null).length).toBeGreaterThanOrEqual(15);
    expect(heldOut.reports.filter((r) => r.repeats !== null).length).toBeGreaterThanOrEqual(22);
    expect(heldOut.reports.filter((r) => r.repeats === null).length).toBeGreaterThanOrEqual(8);
    const titles = new Set(tuning.cases.map((c) => c.title.toLowerCase()));
    const reports = [...tuning.reports, ...heldOut.reports];
    expect(reports.filter((r) => titles.has(r.title.toLowerCase())).map((r) => r.id)).toEqual([]);
    expect(new Set(reports.map((r) => r.id)).size).toBe(reports.length);
  });

  it("chooses the default threshold on the tuning reports: the lowest that offers nothing on 90 % of those without a match", () => {
    expect(chooseThreshold(rankAll({ set: "tuning" })).threshold).toBe(SIMILAR_CASE_THRESHOLD);
  });

  for (const set of ["tuning", "held-out"] satisfies ReportSet[]) {
    describe(`at the default threshold, on the ${set} reports`, () => {
      const figures = figuresAt(rankAll({ set }), SIMILAR_CASE_THRESHOLD);

      it("offers nothing on at least 90 % of the reports that repeat no case", () => {
        expect(figures.suppression, `offered: ${figures.offered.join(", ")}`).toBeGreaterThanOrEqual(0.9);
      });

      it("offers the repeated case among its (up to three) cases for at least 90 % of repeats", () => {
        expect(figures.recallAt3, `missed: ${figures.missed.join(", ")}`).toBeGreaterThanOrEqual(0.9);
      });

      it("offers the right case first for at least 80 % of the reports it offers a case", () => {
        expect(figures.precisionAt1, `wrong first: ${figures.wrongFirst.join(", ")}`).toBeGreaterThanOrEqual(0.8);
      });
    });
  }
});
