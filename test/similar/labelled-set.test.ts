/**
 * The similar-case targets on the labelled set: a change to the tokeniser, the weights or the
 * threshold that loses a repeat or offers a case for a report that repeats none fails here.
 */
import { describe, expect, it } from "vitest";
import { SIMILAR_CASE_THRESHOLD } from "../../src/similar/threshold.ts";
import { chooseThreshold, figuresAt, rankAll, readLabelledSet } from "./labelled-set.ts";

const ranked = rankAll();

describe("the labelled set of similar cases", () => {
  it("holds at least 40 cases, 45 repeats and 15 reports without a match, each repeat in other words than its case", () => {
    const { cases, reports } = readLabelledSet();
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(reports.filter((r) => r.repeats !== null).length).toBeGreaterThanOrEqual(45);
    expect(reports.filter((r) => r.repeats === null).length).toBeGreaterThanOrEqual(15);
    const titles = new Set(cases.map((c) => c.title.toLowerCase()));
    expect(reports.filter((r) => titles.has(r.title.toLowerCase())).map((r) => r.id)).toEqual([]);
  });

  it("ranks the repeated case first for at least 80 % of repeats and within three for at least 90 %", () => {
    const figures = figuresAt(ranked, 0);
    expect(figures.precisionAt1, `wrong first: ${figures.wrongFirst.join(", ")}`).toBeGreaterThanOrEqual(0.8);
    expect(figures.recallAt3, `missed: ${figures.missed.join(", ")}`).toBeGreaterThanOrEqual(0.9);
  });

  it("offers nothing at the default threshold on at least 90 % of the reports that repeat no case", () => {
    const figures = figuresAt(ranked, SIMILAR_CASE_THRESHOLD);
    expect(figures.suppression, `offered: ${figures.offered.join(", ")}`).toBeGreaterThanOrEqual(0.9);
  });

  it("offers the right case first whenever it offers one for a repeat at the default threshold", () => {
    const figures = figuresAt(ranked, SIMILAR_CASE_THRESHOLD);
    expect(figures.precisionAt1).toBe(figures.recallAt3);
    expect(figures.recallAt3).toBeGreaterThanOrEqual(0.6);
  });

  it("chooses the default threshold: the lowest that suppresses enough no-match reports", () => {
    expect(chooseThreshold(ranked).threshold).toBe(SIMILAR_CASE_THRESHOLD);
  });
});
