/**
 * A cheap necessary condition for a rule file's pattern: the literal words one of which every
 * match must contain. Rule patterns are matched case-insensitively by a linear-time engine that
 * steps through the whole text code point by code point; most issue texts match none of them,
 * and a native search for the words answers "no" in a tenth of the time. Only when the text
 * holds one of the words does the real pattern decide.
 *
 * The words are read from a conservative subset of RE2 syntax; anything else (flags, named
 * groups, quoting, unknown escapes) gives no words, and the pattern is always run.
 */

/** A word of the pattern, or a set of them one of which must occur, or nothing required. */
type Need = readonly string[] | undefined;

/**
 * Characters whose case variants JavaScript's `iu` matching and RE2's case folding agree on:
 * printable ASCII (with the Kelvin sign and the long s both know) and scripts without case
 * (CJK, kana, hangul, full-width punctuation). Others end a word, so they never decide.
 */
export function isSafe(code: number): boolean {
  return (
    (code >= 0x20 && code < 0x7f) ||
    (code >= 0x3000 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xff01 && code <= 0xff20) ||
    (code >= 0xff3b && code <= 0xff40) ||
    (code >= 0xff5b && code <= 0xff65)
  );
}

class Unsupported extends Error {}

type Atom = { kind: "char"; char: string } | { kind: "group"; need: Need } | { kind: "other" };
type Times = "once" | "optional" | "repeated";

/** Recursive descent over `pattern`; `pos` is the next code unit to read. */
class Reader {
  pos = 0;
  /** Every requirement of the last sequence read, not only its best one. */
  lastSequence: string[][] = [];
  /** How many branches the last alternation read had (the top level's, once all is read). */
  lastBranches = 0;
  private readonly pattern: string;

  constructor(pattern: string) {
    this.pattern = pattern;
  }

  /** alternation := sequence ('|' sequence)* — every branch must need something. */
  alternation(): Need {
    const words: string[] = [];
    let complete = true;
    let branches = 0;
    for (;;) {
      const need = this.sequence();
      branches++;
      if (need === undefined) complete = false;
      else words.push(...need);
      if (this.pattern[this.pos] !== "|") break;
      this.pos++;
    }
    this.lastBranches = branches;
    return complete ? words : undefined;
  }

  /** A sequence's best requirement: its longest run of plain characters, or a group it must match. */
  private sequence(): Need {
    const p = this.pattern;
    let best: Need;
    let run = "";
    const all: string[][] = [];
    const offer = (need: Need) => {
      if (need === undefined || need.length === 0) return;
      all.push([...need]);
      if (best === undefined || shortest(need) > shortest(best)) best = need;
    };
    const endRun = () => {
      if (run !== "") offer([run]);
      run = "";
    };
    while (this.pos < p.length && p[this.pos] !== "|" && p[this.pos] !== ")") {
      const atom = this.atom();
      const times = this.quantifier();
      if (atom.kind === "char") {
        if (times === "once") run += atom.char;
        else if (times === "repeated") {
          // `ab+c`: "ab" and "bc" are both in every match.
          run += atom.char;
          endRun();
          run = atom.char;
        } else endRun();
      } else {
        endRun();
        if (atom.kind === "group" && times !== "optional") offer(atom.need);
      }
    }
    endRun();
    this.lastSequence = all;
    return best;
  }

  private atom(): Atom {
    const p = this.pattern;
    const c = p[this.pos] as string;
    this.pos++;
    if (c === "(") {
      if (p[this.pos] === "?") {
        if (p[this.pos + 1] !== ":") throw new Unsupported();
        this.pos += 2;
      }
      const need = this.alternation();
      if (p[this.pos] !== ")") throw new Unsupported();
      this.pos++;
      return { kind: "group", need };
    }
    if (c === "[") {
      const from = this.pos;
      this.skipClass();
      const chars = classChars(p.slice(from, this.pos - 1));
      return chars === undefined ? { kind: "other" } : { kind: "group", need: chars };
    }
    if (c === "." || c === "^" || c === "$") return { kind: "other" };
    if (c === "*" || c === "+" || c === "?") throw new Unsupported();
    if (c === "\\") return this.escape();
    return isSafe(c.charCodeAt(0)) ? { kind: "char", char: c } : { kind: "other" };
  }

  private escape(): Atom {
    const p = this.pattern;
    const e = p[this.pos];
    if (e === undefined) throw new Unsupported();
    this.pos++;
    if ("dDsSwWbBAztnrfva".includes(e)) return { kind: "other" };
    if (e === "p" || e === "P") {
      if (p[this.pos] === "{") {
        const close = p.indexOf("}", this.pos);
        if (close < 0) throw new Unsupported();
        this.pos = close + 1;
      } else this.pos++;
      return { kind: "other" };
    }
    // Escaped punctuation stands for itself; any other escape is not read here.
    if (/[\p{L}\p{N}]/u.test(e) || !isSafe(e.charCodeAt(0))) throw new Unsupported();
    return { kind: "char", char: e };
  }

  /** Skip a character class, `[...]`, `[^...]`, `[]...]`, with escapes and `[:name:]` inside. */
  private skipClass(): void {
    const p = this.pattern;
    if (p[this.pos] === "^") this.pos++;
    if (p[this.pos] === "]") this.pos++;
    while (this.pos < p.length) {
      const c = p[this.pos];
      if (c === "]") {
        this.pos++;
        return;
      }
      if (c === "\\") this.pos += 2;
      else if (c === "[" && p[this.pos + 1] === ":") {
        const close = p.indexOf(":]", this.pos + 2);
        if (close < 0) throw new Unsupported();
        this.pos = close + 2;
      } else this.pos++;
    }
    throw new Unsupported();
  }

  /** How often the atom just read occurs in a match, after its quantifier (if any, lazy or not). */
  private quantifier(): Times {
    const p = this.pattern;
    const c = p[this.pos];
    let times: Times;
    if (c === "?" || c === "*") times = "optional";
    else if (c === "+") times = "repeated";
    else if (c === "{") {
      // Not a valid repetition (`{`, `{,2}`): RE2 reads the brace as itself.
      const m = /^\{(\d+)(,\d*)?\}/.exec(p.slice(this.pos, this.pos + 24));
      if (m === null) return "once";
      times = Number(m[1]) === 0 ? "optional" : m[1] === "1" && m[2] === undefined ? "once" : "repeated";
      this.pos += m[0].length - 1;
    } else return "once";
    this.pos++;
    if (p[this.pos] === "?") this.pos++;
    return times;
  }
}

/**
 * The characters of a small class of plain characters (`[?？]`, `[-_.]`), each a word one of
 * which a match holds; undefined for a negated class, ranges, escapes other than punctuation,
 * or characters outside the safe ones.
 */
function classChars(body: string): string[] | undefined {
  if (body.startsWith("^") || body.length === 0) return undefined;
  const chars: string[] = [];
  for (let i = 0; i < body.length; i++) {
    let c = body[i] as string;
    if (c === "\\") {
      c = body[++i] ?? "";
      if (/[\p{L}\p{N}\s]/u.test(c)) return undefined;
    } else if (c === "-" && i > 0 && i < body.length - 1) return undefined;
    else if (c === "[") return undefined;
    if (c === "" || !isSafe(c.charCodeAt(0))) return undefined;
    chars.push(c);
  }
  return chars.length > 8 ? undefined : [...new Set(chars)];
}

const shortest = (words: readonly string[]): number => Math.min(...words.map((w) => w.length));

/**
 * The words one of which every match of `pattern` (RE2 syntax, matched case-insensitively)
 * contains, or undefined when the pattern is outside the subset read here or needs no word.
 */
export function requiredLiterals(pattern: string): string[] | undefined {
  const reader = new Reader(pattern);
  try {
    const need = reader.alternation();
    if (reader.pos !== pattern.length || need === undefined || need.length === 0) return undefined;
    return [...new Set(need)];
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

const escapeLiteral = (word: string): string => word.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/**
 * A word too common to turn texts away: a single ASCII character (a letter, a digit, a space).
 * A single Chinese character (慢, 吗) is kept: most texts, English ones all, do not hold it.
 */
const tooCommon = (word: string): boolean => word.length < 2 && word.charCodeAt(0) < 0x80;

/**
 * Every set of words a match of `pattern` must hold one of, when the pattern is one sequence
 * (no top-level `|`): all must be found for a text to match. Else the one set of
 * `requiredLiterals`, or undefined.
 */
export function requiredLiteralSets(pattern: string): string[][] | undefined {
  const reader = new Reader(pattern);
  try {
    const need = reader.alternation();
    if (reader.pos !== pattern.length || need === undefined || need.length === 0) return undefined;
    return reader.lastBranches === 1 ? reader.lastSequence.map((words) => [...new Set(words)]) : [[...new Set(need)]];
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/**
 * A native search for any of `words` (case-insensitive, global: it steps on with `lastIndex`).
 * Linear in the text: an alternation of plain words never backtracks beyond a word's length.
 */
export function wordSearch(words: readonly string[]): RegExp {
  return new RegExp([...new Set(words)].map(escapeLiteral).join("|"), "giu");
}

/**
 * A native test that is false whenever `pattern` cannot match a text (case-insensitively), or
 * undefined when one of the words the pattern requires is too common to turn texts away.
 */
export function literalPrefilter(pattern: string): ((text: string) => boolean) | undefined {
  const words = requiredLiterals(pattern);
  if (words === undefined || words.some(tooCommon)) return undefined;
  const re = new RegExp(words.map(escapeLiteral).join("|"), "iu");
  return (text) => re.test(text);
}
