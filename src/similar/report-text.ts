/**
 * The words of a report that describe its problem: an issue form gives every report the same
 * headings ("### Symptom and error message") and the same filler for an empty answer
 * ("_No response_"), and a template its HTML comments. Left in, they make any two reports of one
 * tracker look alike.
 */

const HEADING = /^\s{0,3}#{1,6}\s.*$/gm;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const NO_RESPONSE = /^\s*_No response_\s*$/gim;

/** The report's text without Markdown headings, HTML comments and issue forms' empty answers. */
export function reportText(text: string): string {
  return text.replace(HTML_COMMENT, " ").replace(HEADING, "").replace(NO_RESPONSE, "");
}
