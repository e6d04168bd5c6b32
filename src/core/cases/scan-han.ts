/**
 * One scan of a run of Han characters by a glossary: left to right, the longest glossary term at
 * each place, so that longer terms win over the words they contain (`连接池` over `连接`) — the
 * platform's word segmenter splits many support words into single characters. The case archive's
 * terms, the search words for similar cases and the similar-case ranker's bridge from Chinese to
 * English all read Chinese through it, each with its glossary.
 */
import { GLOSSARY } from "./case-glossary.ts";

/** Chinese term → its word, with the lengths of the shortest and longest terms looked for. */
export interface HanGlossary {
  readonly words: ReadonlyMap<string, string>;
  readonly shortest: number;
  readonly longest: number;
}

/** A glossary of these entries (the first of a term wins); terms shorter than `shortest` are not looked for. */
export function glossaryOf(entries: Iterable<readonly [string, string]>, shortest = 1): HanGlossary {
  const words = new Map<string, string>();
  for (const [term, word] of entries) if (!words.has(term)) words.set(term, word);
  return { words, shortest, longest: Math.max(0, ...[...words.keys()].map((term) => term.length)) };
}

/** The case glossary (Chinese term → case keyword), looked for in terms of two characters or more. */
export const CASE_GLOSSARY: HanGlossary = glossaryOf(GLOSSARY, 2);

/** What a scan meets, in order. */
export interface HanVisitor {
  /** A glossary term, as written, and its word. */
  glossary: (chinese: string, word: string) => void;
  /** When given: each word of two or more characters between glossary terms, as the segmenter splits them. */
  other?: (word: string) => void;
}

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/** Scan `run` (Han characters only) by `glossary`, telling `visit` what it meets. */
export function scanHan(run: string, glossary: HanGlossary, visit: HanVisitor): void {
  const { words, shortest, longest } = glossary;
  const other = visit.other;
  let gap = 0;
  const flush = (end: number): void => {
    if (other !== undefined && end > gap) for (const part of segmenter.segment(run.slice(gap, end))) if (part.isWordLike === true && part.segment.length >= 2) other(part.segment);
  };
  let i = 0;
  while (i < run.length) {
    let n = Math.min(longest, run.length - i);
    let word: string | undefined;
    while (n >= shortest && (word = words.get(run.slice(i, i + n))) === undefined) n--;
    if (word === undefined) {
      i += 1;
      continue;
    }
    flush(i);
    visit.glossary(run.slice(i, i + n), word);
    i += n;
    gap = i;
  }
  flush(run.length);
}
