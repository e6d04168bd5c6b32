import { describe, expect, it } from "vitest";
import { lightStem } from "../../src/similar/english-terms.ts";
import { glossaryWords } from "../../src/similar/glossary.ts";
import { tokenise } from "../../src/similar/tokenise.ts";

describe("tokenise", () => {
  it("splits mixed Chinese and English into words, bigrams and the glossary's English words", () => {
    expect(tokenise("VPN连不上, the DB timed out", { cjk: "bigram", stem: false, bridge: true })).toEqual(["vpn", "连不", "不上", "connect", "db", "timed"]);
  });

  it("uses the ICU segmenter's words instead of bigrams when asked", () => {
    expect(tokenise("支付失败", { cjk: "segmenter", stem: false, bridge: false })).toEqual(["支付", "失败"]);
  });

  it("drops stop words and single letters, keeps numbers, and folds full-width forms", () => {
    expect(tokenise("The printer is OFFLINE ＡＧＡＩＮ, error 552 a", { cjk: "bigram", stem: false, bridge: false })).toEqual(["printer", "offline", "error", "552"]);
  });

  it("gives the longest glossary term where terms overlap", () => {
    expect(glossaryWords("连接池满了")).toEqual(["connection pool", "full"]);
  });

  it.each([
    ["timeouts", "timeout"],
    ["failing", "fail"],
    ["failed", "fail"],
    ["declined", "declin"],
    ["declines", "declin"],
    ["entries", "entry"],
    ["crashes", "crash"],
    ["status", "status"],
    ["access", "access"],
    ["ring", "ring"],
    ["v412", "v412"],
  ])("stems %s to %s", (word, stem) => {
    expect(lightStem(word)).toBe(stem);
  });
});
