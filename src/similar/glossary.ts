/**
 * The support vocabulary's Chinese terms with their English words (`src/core/cases/case-glossary.ts`),
 * read leftmost-longest out of a run of Han characters, so that a report in one language meets a
 * case written in the other. Longer entries win over the words they contain (`连接池` over `连接`).
 */
import { SEARCH_GLOSSARY } from "../core/cases/case-glossary.ts";
import { glossaryOf, scanHan } from "../core/cases/scan-han.ts";

/** The search glossary, every term looked for (single characters too: `楼`). */
const BRIDGE = glossaryOf(SEARCH_GLOSSARY);

/**
 * The English words of the glossary terms in a run of Han characters, leftmost-longest, each
 * place used once.
 */
export function glossaryWords(run: string): string[] {
  const words: string[] = [];
  scanHan(run, BRIDGE, { glossary: (_chinese, english) => words.push(english) });
  return words;
}
