/**
 * The words a tracker's search is asked for, for a new report: few (GitHub's search allows five
 * OR operators, so six terms), the most telling first — support words of the title, its other
 * words, then the body's. Chinese words are kept as written, since past cases in Chinese hold
 * them so; a Chinese support word (of the case glossary) also brings its English word, since
 * past cases in English hold that.
 */
import { DOMAIN_WORDS, STOPWORDS } from "../core/cases/case-glossary.ts";
import { CASE_GLOSSARY, scanHan } from "../core/cases/scan-han.ts";

/** At most this many terms: GitHub's search takes at most five AND, OR or NOT operators. */
export const MAX_SEARCH_TERMS = 6;

/** Only this much of the body is read: a report's telling words are in its first lines. */
const READ_CHARS = 2_000;
const WORDS = /(\p{Script=Han}+)|([\p{L}\p{N}]+)/gu;

interface Candidate {
  term: string;
  domain: boolean;
}

/** The candidate terms of one text, in order, support words marked. */
function candidatesOf(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const [, han, word] of text.slice(0, READ_CHARS).toLowerCase().matchAll(WORDS)) {
    if (word !== undefined) {
      if (/^[a-z0-9]+$/.test(word) && word.length >= 3 && word.length <= 30 && !/^\d+$/.test(word) && !STOPWORDS.has(word)) out.push({ term: word, domain: DOMAIN_WORDS.has(word) });
      continue;
    }
    // A Chinese support word brings its English word too, as past cases in English hold it.
    scanHan(han ?? "", CASE_GLOSSARY, {
      glossary: (chinese, english) => out.push({ term: chinese, domain: true }, { term: english.replaceAll("-", " "), domain: true }),
      other: (term) => out.push({ term, domain: false }),
    });
  }
  return out;
}

/** The report's search terms, each once, most telling first (see the module comment). */
export function caseSearchTerms(title: string, body: string): string[] {
  const head = candidatesOf(title);
  const rest = candidatesOf(body);
  const ordered = [...head.filter((c) => c.domain), ...head.filter((c) => !c.domain), ...rest.filter((c) => c.domain), ...rest.filter((c) => !c.domain)];
  const terms: string[] = [];
  for (const { term } of ordered) {
    if (terms.length >= MAX_SEARCH_TERMS) break;
    if (!terms.includes(term)) terms.push(term);
  }
  return terms;
}
