/**
 * The part of a knowledge-base file that `shepherd archive` owns: the front matter at the top
 * and the text between two markers. Everything before and after the markers is the reader's and
 * kept byte for byte; an edit between them is replaced on the next run. Text copied from
 * issues never carries a marker (`markdown-text.ts` escapes every `<`), so a case cannot end
 * its block early.
 */
export const BEGIN = "<!-- shepherd:begin — written by shepherd archive: edits from here to shepherd:end are replaced on the next run -->";
export const END = "<!-- shepherd:end -->";
const BEGIN_PREFIX = "<!-- shepherd:begin";

/** A file cut into what the tool writes and what it keeps. */
export interface FileParts {
  /** The YAML between the opening `---` lines, without them; undefined when the file has none. */
  frontMatter: string | undefined;
  /** Text between the front matter and the begin marker, kept. */
  before: string;
  /** Text after the end marker, kept. */
  after: string;
}

/** A file that does not exist yet: nothing kept but the final newline. */
export const NEW_FILE: FileParts = { frontMatter: undefined, before: "", after: "\n" };

function splitFrontMatter(text: string): { frontMatter: string | undefined; rest: string } {
  if (!text.startsWith("---\n")) return { frontMatter: undefined, rest: text };
  const close = text.indexOf("\n---\n", 3);
  if (close < 0) return { frontMatter: undefined, rest: text };
  return { frontMatter: text.slice(4, close + 1), rest: text.slice(close + 5) };
}

/**
 * Cut an existing file. Without both markers (a reader deleted one) the whole text after the
 * front matter is kept, below a fresh block: nothing a person wrote is lost.
 */
export function splitFile(text: string, withFrontMatter: boolean): FileParts {
  const { frontMatter, rest } = withFrontMatter ? splitFrontMatter(text) : { frontMatter: undefined, rest: text };
  const begin = rest.indexOf(BEGIN_PREFIX);
  const beginEnd = begin < 0 ? -1 : rest.indexOf("-->", begin);
  const end = beginEnd < 0 ? -1 : rest.indexOf(END, beginEnd);
  if (end < 0) return { frontMatter, before: "", after: rest === "" ? "\n" : `\n\n${rest}` };
  return { frontMatter, before: rest.slice(0, begin), after: rest.slice(end + END.length) };
}

/** The file with `content` as its generated block (and `frontMatter`, YAML ending in a newline, on top). */
export function joinFile(parts: FileParts, content: string, frontMatter?: string): string {
  const top = frontMatter === undefined ? "" : `---\n${frontMatter}---\n`;
  return `${top}${parts.before}${BEGIN}\n${content.endsWith("\n") ? content : `${content}\n`}${END}${parts.after}`;
}
