/**
 * Similar past cases on the labelled set (test/fixtures/similar-cases/), as a user meets them: a
 * case is offered when it scores at or above the default threshold, three at most.
 * precision@1 is, of the reports offered a case, the share whose first offer is the case they
 * repeat; recall@3, of the repeats, the share offered their case; suppression, of the reports that
 * repeat no case, the share offered nothing. The headline lines are the held-out reports'
 * (held-out.yml, which chose nothing); the tuning reports' (reports.yml, which chose the weights,
 * the glossary and the threshold) are printed beside them, with the threshold curve of both and
 * the tokenisers compared. Deterministic: counts, not timings.
 */
import { fileURLToPath } from "node:url";
import { DEFAULT_TOKENISER, type TokeniserOptions } from "../src/similar/tokenise.ts";
import { SIMILAR_CASE_THRESHOLD } from "../src/similar/threshold.ts";
import { chooseThreshold, type Figures, figuresAt, rankAll, readLabelledSet, type ReportSet } from "../test/similar/labelled-set.ts";

const pct = (x: number): string => `${Math.round(x * 100)} %`;
const three = (x: number): string => x.toFixed(3);
const CURVE = [0.05, 0.08, 0.09, 0.1, 0.11, 0.12, 0.15, 0.2, 0.3];

export async function main(): Promise<void> {
  const sets: Record<ReportSet, Figures> = {
    "held-out": figuresAt(rankAll({ set: "held-out" }), SIMILAR_CASE_THRESHOLD),
    tuning: figuresAt(rankAll({ set: "tuning" }), SIMILAR_CASE_THRESHOLD),
  };
  const { "held-out": heldOut, tuning } = sets;
  console.log(`similar cases precision@1: ${three(heldOut.precisionAt1)}  (tuning set ${three(tuning.precisionAt1)})`);
  console.log(`similar cases recall@3: ${three(heldOut.recallAt3)}  (tuning set ${three(tuning.recallAt3)})`);
  console.log(`similar cases no-match suppression: ${three(heldOut.suppression)}  (tuning set ${three(tuning.suppression)})`);
  const sizes = (["held-out", "tuning"] satisfies ReportSet[]).map((set) => {
    const { reports } = readLabelledSet(set);
    const repeats = reports.filter((r) => r.repeats !== null).length;
    return `${set} ${repeats} repeats, ${reports.length - repeats} without a match`;
  });
  console.log(
    `  (held-out figures first; targets precision@1 ≥ 0.8, recall@3 ≥ 0.9, suppression ≥ 0.9 at threshold ${SIMILAR_CASE_THRESHOLD}, ` +
      `which the tuning set chooses: ${chooseThreshold(rankAll({ set: "tuning" })).threshold}; ${readLabelledSet().cases.length} cases; ${sizes.join("; ")})`,
  );
  for (const set of ["held-out", "tuning"] satisfies ReportSet[]) {
    const ranked = rankAll({ set });
    const curve = CURVE.map((t) => {
      const f = figuresAt(ranked, t);
      return `${t.toFixed(2)} ${pct(f.precisionAt1)}/${pct(f.recallAt3)}/${pct(f.suppression)}`;
    });
    console.log(`  ${set}, threshold → precision@1 / recall@3 / suppression: ${curve.join(", ")}`);
    const f = sets[set];
    console.log(`  ${set} at ${SIMILAR_CASE_THRESHOLD}: missed ${f.missed.join(", ") || "none"}; wrong first ${f.wrongFirst.join(", ") || "none"}`);
  }
  const variants: [string, TokeniserOptions][] = [
    ["bigrams", { ...DEFAULT_TOKENISER, cjk: "bigram" }],
    ["Intl.Segmenter", { ...DEFAULT_TOKENISER, cjk: "segmenter" }],
    ["bigrams, no stemming", { ...DEFAULT_TOKENISER, stem: false }],
    ["bigrams, no glossary", { ...DEFAULT_TOKENISER, bridge: false }],
  ];
  const rows = variants.map(([name, tokeniser]) => {
    const c = chooseThreshold(rankAll({ set: "tuning", tokeniser }));
    const h = figuresAt(rankAll({ set: "held-out", tokeniser }), c.threshold);
    return `${name}: its tuning threshold ${c.threshold}, held-out p@1 ${three(h.precisionAt1)} r@3 ${three(h.recallAt3)} suppression ${three(h.suppression)}`;
  });
  console.log(`  tokenisers: ${rows.join("; ")}`);
  await Promise.resolve();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
