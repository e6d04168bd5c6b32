/**
 * The terms of a text, in order of first appearance, each marked as a support word or not.
 * English: ASCII words of 3–30 letters and digits, lower-cased, not all digits, not stop words.
 * Chinese: runs of Han characters, read left to right taking the longest glossary word at each
 * place (kept as its English word); what lies between glossary words is split by the platform's
 * word segmenter (`Intl.Segmenter`) and words of two or more characters are kept as they are.
 * The Chinese scan is `scan-han.ts`, by the case glossary.
 */
import { DOMAIN_WORDS, STOPWORDS } from "./case-glossary.ts";
import { CASE_GLOSSARY, scanHan } from "./scan-han.ts";

/** One term and whether it is of the support vocabulary (a glossary word or a known English one). */
export interface Term {
  term: string;
  domain: boolean;
}

/** Only this much of a text is read for terms: a case's terms are in its first lines. */
const READ_CHARS = 4_000;
const WORDS = /(\p{Script=Han}+)|([a-z0-9]+)/gu;

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
    if (han !== undefined) scanHan(han, CASE_GLOSSARY, { glossary: (_chinese, english) => add(english, true), other: (term) => add(term, false) });
    else if (word !== undefined && word.length >= 3 && word.length <= 30 && !/^\d+$/.test(word)) add(word, DOMAIN_WORDS.has(word));
  }
  return terms;
}
