/**
 * The support vocabulary's Chinese terms with their English words (`src/core/cases/case-glossary.ts`),
 * read leftmost-longest out of a run of Han characters, so that a report in one language meets a
 * case written in the other. Longer entries win over the words they contain (`连接池` over `连接`).
 */
import { SEARCH_GLOSSARY } from "../core/cases/case-glossary.ts";

/**
 * The English words of the glossary terms in a run of Han characters, leftmost-longest, each
 * place used once.
 */
export function glossaryWords(run: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < run.length) {
    const entry = SEARCH_GLOSSARY.find(([zh]) => run.startsWith(zh, i));
    if (entry === undefined) i += 1;
    else {
      words.push(entry[1]);
      i += entry[0].length;
    }
  }
  return words;
}
