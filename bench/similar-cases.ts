/**
 * Similar past cases on the labelled set (test/fixtures/similar-cases/): how often the ranker
 * puts the repeated case first (precision@1) and within three (recall@3), how often it offers
 * nothing on a report that repeats no case at the default threshold, the threshold curve it was
 * chosen on, and the tokenisers compared. Deterministic: counts, not timings.
 */
import { fileURLToPath } from "node:url";
import { DEFAULT_TOKENISER, type TokeniserOptions } from "../src/similar/tokenise.ts";
import { SIMILAR_CASE_THRESHOLD } from "../src/similar/threshold.ts";
import { chooseThreshold, figuresAt, rankAll, readLabelledSet } from "../test/similar/labelled-set.ts";

const pct = (x: number): string => `${Math.round(x * 100)} %`;

export async function main(): Promise<void> {
  const { cases, reports } = readLabelledSet();
  const ranked = rankAll();
  const ranking = figuresAt(ranked, 0);
  const chosen = figuresAt(ranked, SIMILAR_CASE_THRESHOLD);
  const repeats = reports.filter((r) => r.repeats !== null).length;
  console.log(`similar cases precision@1: ${ranking.precisionAt1.toFixed(3)}`);
  console.log(`similar cases recall@3: ${ranking.recallAt3.toFixed(3)}`);
  console.log(`similar cases no-match suppression: ${chosen.suppression.toFixed(3)} at threshold ${SIMILAR_CASE_THRESHOLD}`);
  console.log(
    `  (targets precision@1 ≥ 0.8, recall@3 ≥ 0.9, suppression ≥ 0.9; ${cases.length} cases, ${repeats} repeats, ${reports.length - repeats} without a match; ` +
      `at the threshold ${pct(chosen.recallAt3)} of repeats are offered their case, first for ${pct(chosen.precisionAt1)}; the set chooses ${chooseThreshold(ranked).threshold})`,
  );
  const curve = [0.05, 0.1, 0.12, 0.14, 0.15, 0.16, 0.18, 0.2, 0.25, 0.3].map((t) => {
    const f = figuresAt(ranked, t);
    return `${t.toFixed(2)} ${pct(f.recallAt3)}/${pct(f.suppression)}`;
  });
  console.log(`  threshold → repeats offered / no-match suppressed: ${curve.join(", ")}`);
  const variants: [string, TokeniserOptions][] = [
    ["bigrams", { ...DEFAULT_TOKENISER, cjk: "bigram" }],
    ["Intl.Segmenter", { ...DEFAULT_TOKENISER, cjk: "segmenter" }],
    ["bigrams, no stemming", { ...DEFAULT_TOKENISER, stem: false }],
    ["bigrams, no glossary", { ...DEFAULT_TOKENISER, bridge: false }],
  ];
  const rows = variants.map(([name, tokeniser]) => {
    const r = rankAll({ tokeniser });
    const f = figuresAt(r, 0);
    const c = chooseThreshold(r);
    return `${name} p@1 ${f.precisionAt1.toFixed(3)} r@3 ${f.recallAt3.toFixed(3)}, at its threshold ${c.threshold} ${pct(c.recallAt3)} offered`;
  });
  console.log(`  tokenisers: ${rows.join("; ")}`);
  await Promise.resolve();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
