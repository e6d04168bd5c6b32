import { describe, expect, it } from "vitest";
import { createCaseIndex, rankSimilar } from "../../src/similar/rank-similar.ts";

const cases = [
  { id: "a", title: "Database connection pool exhausted", rootCause: "pool too small", solution: "raised the pool size", closedAt: "2026-01-01" },
  { id: "b", title: "打印机打印乱码", rootCause: "驱动版本不对", solution: "回滚驱动", closedAt: "2026-01-02" },
  { id: "c", title: "VPN licence expired", rootCause: "licence lapsed", solution: "renewed", closedAt: "2026-01-03" },
];

describe("rankSimilar", () => {
  it("ranks the case that says what the report says first, with its score relative to the report's own", () => {
    const [first, ...rest] = rankSimilar({ title: "connection pool exhausted on the database" }, cases);
    expect(first?.case.id).toBe("a");
    expect(first?.normalisedScore).toBeGreaterThan(0);
    expect(first?.normalisedScore).toBeLessThanOrEqual(1);
    expect(rest.every((m) => m.normalisedScore < (first?.normalisedScore ?? 0))).toBe(true);
  });

  it("meets a Chinese case with an English report through the glossary", () => {
    expect(rankSimilar({ title: "printer prints garbage characters" }, cases)[0]?.case.id).toBe("b");
  });

  it("gives a report that says nothing a case says no match, and no score for an empty report", () => {
    expect(rankSimilar({ title: "projector shows no signal" }, cases)).toEqual([]);
    expect(rankSimilar({ title: "", body: "" }, cases)).toEqual([]);
  });

  it("leaves out cases under the threshold, beyond the limit or refused by accept, and is unchanged by a rank", () => {
    const index = createCaseIndex(cases);
    const report = { title: "database pool exhausted, vpn too" };
    const all = index.rank(report);
    expect(all.map((m) => m.case.id).sort()).toEqual(["a", "c"]);
    expect(index.rank(report, { limit: 1 }).map((m) => m.case.id)).toEqual([all[0]?.case.id]);
    expect(index.rank(report, { accept: (c) => c.id !== "a" }).map((m) => m.case.id)).toEqual(["c"]);
    expect(index.rank(report, { threshold: 1.01 })).toEqual([]);
    expect(index.rank(report)).toEqual(all);
  });

  it("matches nothing on an issue form's headings, empty answers or template comments alone", () => {
    const form = (symptom: string) => `<!-- Fill in every section -->\n### Impact scope\n\n_No response_\n\n### Symptom and error message\n\n${symptom}\n\n### Environment\n\n_No response_`;
    const filed = cases.map((c) => ({ ...c, body: form(c.rootCause) }));
    expect(rankSimilar({ title: "projector shows no signal", body: form("HDMI cable plugged in") }, filed)).toEqual([]);
    expect(rankSimilar({ title: "printer prints garbage characters", body: form("only PDFs") }, filed).map((m) => m.case.id)).toEqual(["b"]);
  });

  it("accepts an English word one typo away", () => {
    expect(rankSimilar({ title: "conection pool exhasted" }, cases)[0]?.case.id).toBe("a");
  });
});
