/**
 * Text → search terms for reports and cases that mix Chinese and English: the text is split
 * into runs of Han characters and runs of everything else; Han runs become bigrams or segmenter
 * words, the rest English-style words.
 */
import { type CjkMode, cjkBigrams, cjkWords } from "./cjk-terms.ts";
import { englishTerms } from "./english-terms.ts";
import { glossaryWords } from "./glossary.ts";

/** How text is turned into terms. */
export interface TokeniserOptions {
  cjk: CjkMode;
  /** Reduce English words to a light stem. */
  stem: boolean;
  /** Add the English words of the glossary's Chinese terms, so that the two languages meet. */
  bridge: boolean;
}

/** The tokeniser the ranker uses: chosen on the labelled set (see bench/similar-cases.ts). */
export const DEFAULT_TOKENISER: TokeniserOptions = { cjk: "bigram", stem: true, bridge: true };

const HAN_RUN = /\p{Script=Han}+/gu;

/** The search terms of a text, in order (repeats kept: BM25 counts them). */
export function tokenise(text: string, options: TokeniserOptions = DEFAULT_TOKENISER): string[] {
  const normal = text.normalize("NFKC");
  const terms: string[] = [];
  let last = 0;
  for (const match of normal.matchAll(HAN_RUN)) {
    terms.push(...englishTerms(normal.slice(last, match.index), options.stem));
    terms.push(...(options.cjk === "bigram" ? cjkBigrams(match[0]) : cjkWords(match[0])));
    if (options.bridge) for (const words of glossaryWords(match[0])) terms.push(...englishTerms(words, options.stem));
    last = match.index + match[0].length;
  }
  terms.push(...englishTerms(normal.slice(last), options.stem));
  return terms;
}
