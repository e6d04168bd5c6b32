/**
 * The first match of a pattern, looked for only where it can be. Saying whether a pattern matches
 * is cheap for the linear-time engine (an automaton with no positions to keep); saying where, and
 * what, costs it a pass that keeps positions for every start in the text, and that costs ten
 * times as much. So the branches that stay within a line and need one of a few words (most of a
 * rule file's) are searched for on the lines holding such a word, found by a native search;
 * those anchored at the start on the first line; only the rest on the whole text. The answer is
 * the whole pattern's, match for match.
 */
import { RE2JS } from "re2js";
import { patternBranches } from "../text/pattern-branches.ts";
import { literalPrefilter, requiredLiteralSets, requiredLiterals, wordSearch } from "../text/required-literals.ts";

/** A match: where it starts (UTF-16 code units) and its text. */
export interface Found {
  start: number;
  text: string;
}

const compile = (branches: readonly string[]): RE2JS | undefined => (branches.length === 0 ? undefined : RE2JS.compile(branches.join("|"), RE2JS.CASE_INSENSITIVE));

/** The first match of `re` in `text`, which starts at `offset` in the text searched. */
export function findIn(re: RE2JS, text: string, offset: number): Found | undefined {
  const m = re.matcher(text);
  return m.find() ? { start: offset + m.start(), text: m.group() ?? "" } : undefined;
}

/** The end of the line holding `pos`, its line break included. */
function lineEnd(text: string, pos: number): number {
  const nl = text.indexOf("\n", pos);
  return nl < 0 ? text.length : nl + 1;
}

/**
 * Branches run together on a line: the engine for them, and per branch every set of words its
 * match holds one of (native tests: a line missing a set cannot hold that branch's match).
 */
interface Branches {
  re: RE2JS;
  filters: RegExp[][];
}

function branchesOf(sources: readonly string[]): Branches | undefined {
  const re = compile(sources);
  if (re === undefined) return undefined;
  const filters = sources.map((source) => (requiredLiteralSets(source) ?? []).map((words) => new RegExp(wordSearch(words).source, "iu")));
  return { re, filters };
}

/** May one of the branches match in `line`: does it hold a word of each of that branch's sets? */
const mayMatch = (group: Branches, line: string): boolean => group.filters.some((sets) => sets.every((re) => re.test(line)));

/** The first line holding one of `search`'s words where the branches match, and their match. */
function inLines(group: Branches, search: RegExp, text: string): Found | undefined {
  search.lastIndex = 0;
  for (let hit = search.exec(text); hit !== null; hit = search.exec(text)) {
    const from = hit.index === 0 ? 0 : text.lastIndexOf("\n", hit.index - 1) + 1;
    const to = lineEnd(text, hit.index);
    const line = text.slice(from, to);
    const found = mayMatch(group, line) ? findIn(group.re, line, from) : undefined;
    if (found !== undefined) return found;
    // On from the next line, not the next word of this one: each line is looked at once.
    search.lastIndex = to;
  }
  return undefined;
}

/** A pattern's branches by where they can match (see `patternBranches`). */
interface Scopes {
  /** Branches within a line that need words, and the words (the best set of each branch). */
  line: { sources: string[]; words: string[]; allPlain: boolean };
  first: string[];
  text: string[];
}

function scopesOf(source: string): Scopes | undefined {
  const branches = patternBranches(source);
  if (branches === undefined) return undefined;
  const scopes: Scopes = { line: { sources: [], words: [], allPlain: true }, first: [], text: [] };
  for (const branch of branches) {
    const needed = branch.scope === "line" ? requiredLiterals(branch.source) : undefined;
    if (needed !== undefined && literalPrefilter(branch.source) !== undefined) {
      scopes.line.sources.push(branch.source);
      scopes.line.words.push(...needed);
      // A plain word: finding it is finding the branch's match.
      if (needed.length !== 1 || needed[0] !== branch.source) scopes.line.allPlain = false;
    } else if (branch.scope === "first-line") scopes.first.push(branch.source);
    else scopes.text.push(branch.source);
  }
  return scopes.line.sources.length === 0 && scopes.first.length === 0 ? undefined : scopes;
}

/** The text up to its first line break, included. */
const firstLine = (text: string): string => text.slice(0, lineEnd(text, 0));

/**
 * A native test that is false whenever `source` cannot match a text, for patterns that have no
 * words every match needs but whose branches do, the first line's being looked for in the first
 * line (`^[^\n]*[?？]\n` needs a question mark there); undefined when some branch needs none.
 */
export function scopedPrefilter(source: string): ((text: string) => boolean) | undefined {
  const scopes = scopesOf(source);
  if (scopes === undefined) return undefined;
  const rest = scopes.text.length === 0 ? undefined : literalPrefilter(scopes.text.join("|"));
  const first = branchesOf(scopes.first);
  if ((scopes.text.length > 0 && rest === undefined) || first?.filters.some((sets) => sets.length === 0)) return undefined;
  const words = scopes.line.words.length === 0 ? undefined : new RegExp(wordSearch(scopes.line.words).source, "iu");
  return (text) => (words?.test(text) ?? false) || (first !== undefined && mayMatch(first, firstLine(text))) || (rest?.(text) ?? false);
}

/**
 * The first-match search for `source` (valid RE2, case-insensitive; `whole` is it compiled),
 * giving what `whole` finds; undefined when no branch can be scoped (then `whole` is as fast).
 */
export function scopedFind(source: string, whole: RE2JS): ((text: string) => Found | undefined) | undefined {
  const scopes = scopesOf(source);
  if (scopes === undefined) return undefined;
  const { line } = scopes;
  // Words of safe characters fold as RE2 folds them (see required-literals.ts), and a native
  // alternation is leftmost-first as RE2 is: it finds the same first plain word the engine would.
  const search = line.sources.length === 0 ? undefined : wordSearch(line.words);
  const plain = line.allPlain && search !== undefined ? new RegExp(search.source, "iu") : undefined;
  const lines = plain === undefined ? branchesOf(line.sources) : undefined;
  const first = branchesOf(scopes.first);
  const rest = compile(scopes.text);
  const restPrefilter = scopes.text.length === 0 ? undefined : literalPrefilter(scopes.text.join("|"));

  const findInLines = (text: string): Found | undefined => {
    if (plain !== undefined) {
      const hit = plain.exec(text);
      return hit === null ? undefined : { start: hit.index, text: hit[0] };
    }
    return lines === undefined || search === undefined ? undefined : inLines(lines, search, text);
  };
  const findFirst = (text: string): Found | undefined => {
    if (first === undefined) return undefined;
    const head = firstLine(text);
    return mayMatch(first, head) ? findIn(first.re, head, 0) : undefined;
  };
  const findRest = (text: string): Found | undefined =>
    rest === undefined || (restPrefilter !== undefined && !restPrefilter(text)) ? undefined : findIn(rest, text, 0);

  return (text) => {
    const candidates: Found[] = [];
    for (const found of [findFirst(text), findInLines(text), findRest(text)]) if (found !== undefined) candidates.push(found);
    if (candidates.length <= 1) return candidates[0];
    // Branches of two scopes match: which comes first, and which is preferred, the whole says.
    return findIn(whole, text, 0);
  };
}
