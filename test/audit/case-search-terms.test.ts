/**
 * The words the tracker's search is asked for: at most six (GitHub allows five OR operators), the
 * title's support words first, Chinese words kept as written with a support word's English beside
 * it, stop words and numbers left out.
 */
import { describe, expect, it } from "vitest";
import { caseSearchTerms, MAX_SEARCH_TERMS } from "../../src/audit/case-search-terms.ts";

describe("the search terms of a report", () => {
  it("the title's support words first, then its other words, then the body's", () => {
    expect(caseSearchTerms("Checkout fails with a gateway timeout", "Since 09:00 the database is slow")).toEqual(["timeout", "checkout", "fails", "gateway", "database", "slow"]);
  });

  it("Chinese: words as written, and a support word's English", () => {
    // The platform's segmenter splits 回调超时 into single characters: the glossary finds the words.
    expect(caseSearchTerms("支付回调超时", "")).toEqual(["支付", "payment", "回调", "callback", "超时", "timeout"]);
    expect(caseSearchTerms("Webhook 回调失败", "")).toEqual(["webhook", "回调", "callback", "失败"]);
  });

  it("never more than six, each once; stop words and bare numbers left out", () => {
    const terms = caseSearchTerms("the the 2026 and printer printer cuts receipts every morning after update firmware", "more words here");
    expect(terms.length).toBeLessThanOrEqual(MAX_SEARCH_TERMS);
    expect(new Set(terms).size).toBe(terms.length);
    expect(terms).not.toContain("the");
    expect(terms).not.toContain("2026");
  });

  it("nothing to search for: no terms", () => {
    expect(caseSearchTerms("?!", "")).toEqual([]);
  });
});

