/** The one scan of Chinese by a glossary: longest term first at each place, the gaps segmented when asked. */
import { describe, expect, it } from "vitest";
import { CASE_GLOSSARY, glossaryOf, scanHan } from "../../../src/core/cases/scan-han.ts";

const seen = (run: string, glossary = CASE_GLOSSARY, gaps = true): string[] => {
  const out: string[] = [];
  scanHan(run, glossary, { glossary: (chinese, word) => out.push(`${chinese}=${word}`), ...(gaps ? { other: (word: string) => out.push(`(${word})`) } : {}) });
  return out;
};

describe("scanHan", () => {
  it("takes the longest glossary term at each place, and segments what lies between terms", () => {
    expect(seen("昨天数据库连接池满了")).toEqual(["(昨天)", "数据库=database", "连接池=connection-pool", "(满了)"]);
  });

  it("without a gap visitor reads the terms only, and looks for terms no shorter than the glossary's shortest", () => {
    const glossary = glossaryOf([["楼", "floor"], ["三楼", "third floor"], ["三楼", "ignored: the first entry of a term wins"], ["打印机", "printer"]]);
    expect(seen("三楼的打印机在二楼", glossary, false)).toEqual(["三楼=third floor", "打印机=printer", "楼=floor"]);
    expect(seen("二楼", { ...glossary, shortest: 2 }, false)).toEqual([]);
  });
});
