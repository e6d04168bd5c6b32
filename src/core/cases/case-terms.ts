/**
 * The terms of a text, in order of first appearance, each marked as a support word or not.
 * English: ASCII words of 3–30 letters and digits, lower-cased, not all digits, not stop words.
 * Chinese: runs of Han characters, read left to right taking the longest glossary word at each
 * place (kept as its English word); what lies between glossary words is split by the platform's
 * word segmenter (`Intl.Segmenter`) and words of two or more characters are kept as they are.
 */
import { DOMAIN_WORDS, GLOSSARY, STOPWORDS } from "./case-glossary.ts";

/** One term and whether it is of the support vocabulary (a glossary word or a known English one). */
export interface Term {
  term: string;
  domain: boolean;
}

/** Only this much of a text is read for terms: a case's terms are in its first lines. */
const READ_CHARS = 4_000;
const LONGEST_ENTRY = Math.max(...[...GLOSSARY.keys()].map((k) => k.length));
const WORDS = /(\p{Script=Han}+)|([a-z0-9]+)/gu;
const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

function segmented(text: string, add: (term: string, domain: boolean) => void): void {
  for (const part of segmenter.segment(text)) {
    if (part.isWordLike === true && part.segment.length >= 2) add(part.segment, false);
  }
}

function hanTerms(run: string, add: (term: string, domain: boolean) => void): void {
  let rest = "";
  let i = 0;
  while (i < run.length) {
    let entry: string | undefined;
    for (let n = Math.min(LONGEST_ENTRY, run.length - i); n >= 2 && entry === undefined; n--) {
      const word = GLOSSARY.get(run.slice(i, i + n));
      if (word !== undefined) {
        entry = word;
        segmented(rest, add);
        rest = "";
        add(word, true);
        i += n;
      }
    }
    if (entry === undefined) rest += run.charAt(i++);
  }
  segmented(rest, add);
}

/** The terms of `text`, each once, in order of first appearance. */
export function termsOf(text: string): Term[] {
  const seen = new Set<string>();
  const terms: Term[] = [];
  const add = (term: string, domain: boolean): void => {
    if (STOPWORDS.has(term) || seen.has(term)) return;
    seen.add(term);
    terms.push({ term, domain });
  };
  for (const match of text.slice(0, READ_CHARS).toLowerCase().matchAll(WORDS)) {
    const [, han, word] = match;
    if (han !== undefined) hanTerms(han, add);
    else if (word !== undefined && word.length >= 3 && word.length <= 30 && !/^\d+$/.test(word)) add(word, DOMAIN_WORDS.has(word));
  }
  return terms;
}
