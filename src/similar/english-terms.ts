/**
 * Terms of the Latin-script words of a report: lowercased words and numbers, without the words
 * that carry no meaning in a support report, optionally reduced to a light stem.
 */

/** Function words and the filler of support reports ("please", "issue", "since"), which every case shares. */
const STOP_WORDS = new Set(
  (
    "a an and are as at be been but by can cannot could did do does doesn't don't for from get gets got had has have " +
    "he her here his how i i'm if in into is isn't it it's its just me my no not of on once only or our out she so " +
    "some still such than that the their them then there these they this those to too up us very was wasn't we were " +
    "what when where which while who why will with won't would you your also any all again after before since about " +
    "please hi hello thanks issue problem help today yesterday now any more"
  ).split(" "),
);

/**
 * A light stem: plural and verb endings and a final "e" only ("timeouts" → "timeout", "failing"
 * → "fail", "declined" and "declines" → "declin"), so that a report's wording meets a case's
 * without a dictionary. Words with digits, and what would shrink below three letters, stay.
 */
export function lightStem(word: string): string {
  if (/\d/.test(word)) return word;
  const strip = (suffix: string, keep = ""): string | undefined =>
    word.endsWith(suffix) && word.length - suffix.length >= 3 ? word.slice(0, word.length - suffix.length) + keep : undefined;
  const base =
    word.endsWith("ss") || word.endsWith("us")
      ? word
      : (strip("ies", "y") ?? (/(?:sh|ch|x|ss)es$/.test(word) ? strip("es") : undefined) ?? strip("ing") ?? strip("ed") ?? strip("s") ?? word);
  return base.length > 3 && base.endsWith("e") ? base.slice(0, -1) : base;
}

/** Whether a lowercased word is one of the stop words. */
export const isStopWord = (word: string): boolean => STOP_WORDS.has(word);

/**
 * The terms of a run of Latin-script text: words of letters and digits (an apostrophe inside a
 * word kept, so "don't" is one stop word), lowercased, stop words and single letters dropped.
 */
export function englishTerms(text: string, stem: boolean): string[] {
  const terms: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)) {
    const word = match[0].replace(/’/g, "'");
    if (isStopWord(word) || (word.length === 1 && !/\d/.test(word))) continue;
    const bare = word.replace(/'s$/, "");
    terms.push(stem ? lightStem(bare) : bare);
  }
  return terms;
}
