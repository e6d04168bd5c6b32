/**
 * A rule file's pattern as a native regular expression, where that is provably the same matcher
 * and provably linear in the text. JavaScript's engine backtracks: many times faster than the
 * linear-time automaton on rule patterns, but a pattern that lets it try many ways from one
 * position (`(a|a)*b`, `a*a*b`) would let a crafted issue stall an audit.
 *
 * The same matcher: read from a subset of RE2 syntax where both answer alike, match for match.
 * Both take the leftmost match and, there, the first alternative (RE2's leftmost-first is the
 * backtracking engines' answer); no repeated part may match the empty text (where they differ);
 * characters are written as native-chars.ts writes them.
 *
 * Linear: the native engine's steps from one position are bounded by the pattern alone — for each
 * part, the ways the parts before it can end times its own steps — and the pattern is refused over
 * `MAX_STEPS`. A repetition without bound (`*`, `+`, `{n,}`) is of one character and either in a
 * top-level branch anchored with `^` (tried at the text's start only) or guarded: it starts where
 * a run of its characters starts (after a character it cannot repeat, or at a branch's start with
 * a look-behind that refuses the middle of a run, which never holds the leftmost match) and ends
 * where the run ends (before a character it cannot repeat). Each run is then read once for each way
 * of reaching it, and the steps per character stay bounded.
 */
import { ANY, charAtom, type CharAtom, classAtom, DIGIT, disjoint, escapedChar, NON_DIGIT, Unsupported, wordChars } from "./native-chars.ts";
import { patternBranches } from "./pattern-branches.ts";
import { isSafe } from "./required-literals.ts";

/**
 * The most native-engine steps allowed from one position of the text. The native engine pays a
 * pattern's steps at every position (about 1.3 ns a step here), so this bounds a hostile text's
 * cost per character: ~16 µs at the cap (about a second for a 64 KB body), while the count is
 * loose for rule patterns (the preset's largest, 9,496, costs ~110 ns per character on its worst
 * texts). Exponential patterns such as `(?:a|aa){0,11}b` are refused by `bounded` whatever their
 * count.
 */
export const MAX_STEPS = 12_000;

/** A part of a pattern: its native source, its steps from one position, and the ways it can end. */
export interface Part {
  js: string;
  steps: number;
  ends: number;
  /** Every match of it holds a character. */
  consumes: boolean;
  /** A one-character atom, with its characters. */
  char?: CharAtom | undefined;
  assertion?: boolean | undefined;
  /** It holds a repetition without bound: it may not be repeated itself. */
  unbounded?: boolean | undefined;
  /**
   * Every match of it starts at the text's start or with a listed (safe) character: never between
   * the halves of a surrogate pair, where the native engine may try a match and RE2 never does.
   */
  startsWell?: boolean | undefined;
  /** A sequence that starts with one character (not repeated, not optional): that character, for `alternationCost`. */
  first?: CharAtom | undefined;
}

interface Item {
  atom: Part;
  min: number;
  max: number;
  /** The quantifier's native source, `""` for none. */
  quantifier: string;
}

const seq = (steps: number, ends: number, part: { steps: number; ends: number }): [number, number] => {
  const out: [number, number] = [steps + ends * part.steps, ends * part.ends];
  if (out[0] > MAX_STEPS || out[1] > MAX_STEPS) throw new Unsupported();
  return out;
};

const charPart = (char: CharAtom): Part => ({ js: char.js, steps: 1, ends: 1, consumes: true, char });

/** Recursive descent over `pattern`; `pos` is the next code unit to read. */
export class Translator {
  pos = 0;
  private readonly p: string;

  constructor(pattern: string) {
    this.p = pattern;
  }

  /** alternation := sequence ('|' sequence)* */
  alternation(depth: number): Part {
    const parts: Part[] = [];
    for (;;) {
      parts.push(this.sequence(depth));
      if (this.p[this.pos] !== "|") break;
      this.pos++;
    }
    const [steps, ends] = alternationCost(parts);
    return {
      js: parts.map((x) => x.js).join("|"),
      steps,
      ends,
      consumes: parts.every((x) => x.consumes),
      unbounded: parts.some((x) => x.unbounded),
      startsWell: parts.every((x) => x.startsWell),
    };
  }

  private sequence(depth: number): Part {
    const items: Item[] = [];
    while (this.pos < this.p.length && this.p[this.pos] !== "|" && this.p[this.pos] !== ")") {
      const atom = this.atom(depth);
      items.push({ atom, ...this.quantifier() });
    }
    // Two gaps of overlapping characters (`[a-z]{0,20}[a-z]{0,20}x`) split one run in every way:
    // within the count, but far slower than the automaton on a run of those characters.
    const gaps = items.filter((x) => x.atom.char !== undefined && x.max !== Infinity && x.max - x.min >= 2).map((x) => x.atom.char as CharAtom);
    for (let a = 0; a < gaps.length; a++) for (let b = a + 1; b < gaps.length; b++) if (!disjoint(gaps[a] as CharAtom, gaps[b] as CharAtom)) throw new Unsupported();
    // A top-level sequence starting with `^` is tried at the text's start only: one repetition
    // of a character there may be unbounded.
    let anchoredLoop = depth === 0 && items[0]?.atom.js === "^";
    let js = "";
    let [steps, ends] = [1, 1];
    items.forEach((item, i) => {
      let part: Part;
      if (item.max !== Infinity) part = bounded(item);
      else {
        const guard = guardOf(items, i, depth);
        if (guard === undefined && !anchoredLoop) throw new Unsupported();
        if (guard === undefined) anchoredLoop = false;
        const char = item.atom.char as CharAtom;
        part = { js: `${guard === "look-behind" ? `(?<!${char.js})` : ""}${char.js}${item.quantifier}`, steps: 3, ends: 2, consumes: item.min > 0, unbounded: true };
      }
      js += part.js;
      [steps, ends] = seq(steps, ends, part);
    });
    const lead = items[0];
    return {
      js,
      steps,
      ends,
      consumes: items.some((x) => x.min > 0 && x.atom.consumes),
      unbounded: items.some((x) => x.max === Infinity || x.atom.unbounded),
      startsWell: startsWell(items),
      first: lead !== undefined && lead.quantifier === "" ? lead.atom.char : undefined,
    };
  }

  private atom(depth: number): Part {
    const p = this.p;
    const c = p.codePointAt(this.pos) as number;
    this.pos += c > 0xffff ? 2 : 1;
    if (c === 0x28) {
      if (p[this.pos] === "?") {
        if (p[this.pos + 1] !== ":") throw new Unsupported();
        this.pos += 2;
      }
      const inner = this.alternation(depth + 1);
      if (p[this.pos] !== ")") throw new Unsupported();
      this.pos++;
      return { ...inner, js: `(?:${inner.js})` };
    }
    if (c === 0x5b) return charPart(this.charClass());
    if (c === 0x2e) return charPart(ANY);
    if (c === 0x5e || c === 0x24) return { js: c === 0x5e ? "^" : "$", steps: 1, ends: 1, consumes: false, assertion: true };
    if (c === 0x5c) {
      const e = p[this.pos++];
      if (e === undefined) throw new Unsupported();
      if (e === "b" || e === "B") return { js: `\\${e}`, steps: 1, ends: 1, consumes: false, assertion: true };
      if (e === "d" || e === "D") return charPart(e === "d" ? DIGIT : NON_DIGIT);
      return charPart(charAtom(escapedChar(e)));
    }
    if (c === 0x2a || c === 0x2b || c === 0x3f || !isSafe(c)) throw new Unsupported();
    return charPart(charAtom(c));
  }

  /** A class after its `[`: `[^…]`, `]` first as itself, characters, ranges, `\d`. */
  private charClass(): CharAtom {
    const p = this.p;
    const negated = p[this.pos] === "^";
    if (negated) this.pos++;
    const members: (readonly [number, number] | "digits")[] = [];
    for (let first = true; p[this.pos] !== "]" || first; first = false) {
      const lo = this.classChar();
      if (lo !== "digits" && p[this.pos] === "-" && p[this.pos + 1] !== "]" && p[this.pos + 1] !== undefined) {
        this.pos++;
        const hi = this.classChar();
        if (hi === "digits") throw new Unsupported();
        members.push([lo, hi]);
      } else members.push(lo === "digits" ? lo : [lo, lo]);
    }
    this.pos++;
    return classAtom(members, negated);
  }

  private classChar(): number | "digits" {
    const c = this.p[this.pos++];
    if (c === undefined || (c === "[" && this.p[this.pos] === ":")) throw new Unsupported();
    if (c !== "\\") {
      if (!isSafe(c.charCodeAt(0))) throw new Unsupported();
      return c.charCodeAt(0);
    }
    const e = this.p[this.pos++];
    if (e === undefined) throw new Unsupported();
    return e === "d" ? "digits" : escapedChar(e);
  }

  /** The quantifier after an atom: how often, and its native source (lazy or not). */
  private quantifier(): { min: number; max: number; quantifier: string } {
    const p = this.p;
    const c = p[this.pos];
    let min: number;
    let max: number;
    if (c === "?") [min, max] = [0, 1];
    else if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(this.pos, this.pos + 24));
      // Not a valid repetition: RE2 reads the brace as itself.
      if (m === null) return { min: 1, max: 1, quantifier: "" };
      [min, max] = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] === "" ? Infinity : Number(m[3])];
      this.pos += m[0].length - 1;
    } else return { min: 1, max: 1, quantifier: "" };
    const from = this.pos;
    this.pos++;
    if (p[this.pos] === "?") this.pos++;
    // `a**`, `a{2}{3}`: a repetition of a repetition is not read here.
    if (/^[?*+]|^\{\d+(,\d*)?\}/.test(p.slice(this.pos, this.pos + 24))) throw new Unsupported();
    const lazy = this.pos - from === 2 ? "?" : "";
    return { min, max, quantifier: `${c === "{" ? `{${min}${max === min ? "" : `,${max === Infinity ? "" : max}`}}` : c}${lazy}` };
  }
}

/** Does every match of the sequence start at the text's start or with a listed character (`Part.startsWell`)? */
function startsWell(items: readonly Item[]): boolean {
  for (const { atom, min } of items) {
    if (atom.js === "^") return true;
    if (atom.assertion) continue;
    if (!(atom.char === undefined ? atom.startsWell === true : atom.char.chars !== undefined)) return false;
    // An optional part: what follows may start the match too.
    if (min >= 1) return true;
  }
  return false;
}

/**
 * Steps from one position and ways to end of an alternation. A branch that starts with one
 * character goes past its first step only where that character matches; the branches that can
 * match one text character all overlap (in first characters) with any one of them, so such
 * branches cost, together, at most one step each plus the steps of the largest such group, and end
 * in at most as many ways as that group does. Other branches count whole.
 */
function alternationCost(parts: readonly Part[]): [number, number] {
  let steps = 0;
  let ends = 0;
  const plain = parts.filter((x) => x.first !== undefined);
  for (const x of parts) if (x.first === undefined) [steps, ends] = [steps + x.steps, ends + x.ends];
  let groupSteps = 0;
  let groupEnds = 0;
  for (const x of plain) {
    let sum = 0;
    let count = 0;
    for (const y of plain) {
      if (disjoint(x.first as CharAtom, y.first as CharAtom)) continue;
      sum += y.steps;
      count += y.ends;
    }
    groupSteps = Math.max(groupSteps, sum);
    groupEnds = Math.max(groupEnds, count);
  }
  return [steps + plain.length + groupSteps, ends + groupEnds];
}

/** A bounded repetition: X{min}, then, nested, up to max − min optional X. */
function bounded({ atom, min, max, quantifier }: Item): Part {
  if (quantifier === "") return atom;
  // A part holding an unbounded repetition may be optional, not repeated: its runs are read once per way of reaching them.
  if (!atom.consumes || atom.assertion || (atom.unbounded && max > 1)) throw new Unsupported();
  // A repeated part that can end in several ways (`(?:a|aa){0,11}`) multiplies them at each
  // repetition: the ways to match one text grow exponentially with the bound.
  if (max > 1 && atom.ends > 1) throw new Unsupported();
  let [steps, ends] = [0, 1];
  for (let i = 0; i < min; i++) [steps, ends] = seq(steps, ends, atom);
  let optional = { steps: 1, ends: 1 };
  for (let i = 0; i < max - min; i++) optional = { steps: 1 + atom.steps + atom.ends * optional.steps, ends: 1 + atom.ends * optional.ends };
  [steps, ends] = seq(steps, ends, optional);
  return { js: `${atom.js}${quantifier}`, steps, ends, consumes: min > 0, unbounded: atom.unbounded === true };
}

/**
 * How the unbounded repetition `items[i]` starts where a run of its characters starts: after a
 * character it cannot repeat, after a `\b` starting a top-level branch (its characters being word
 * characters), or at a top-level branch's start with a look-behind; undefined when it does not,
 * or does not end where the run ends (before, past optional characters, one it cannot repeat).
 */
function guardOf(items: readonly Item[], i: number, depth: number): "after" | "look-behind" | undefined {
  const char = items[i]?.atom.char;
  if (char === undefined) throw new Unsupported();
  const before = items[i - 1];
  const start =
    i === 0 && depth === 0
      ? "look-behind"
      : before !== undefined && before.quantifier === "" && before.atom.char !== undefined && disjoint(before.atom.char, char)
        ? "after"
        : i === 1 && depth === 0 && before?.atom.js === "\\b" && wordChars(char)
          ? "after"
          : undefined;
  if (start === undefined) return undefined;
  for (let j = i + 1; j < items.length; j++) {
    const next = items[j] as Item;
    if (next.atom.char === undefined || !disjoint(next.atom.char, char)) return undefined;
    if (next.min >= 1) return start;
    if (next.max > 1) return undefined;
  }
  return undefined;
}

/** A pattern's branches the native engine runs, as one expression, and the others' sources, both in the pattern's order. */
export interface NativeBranches {
  native: RegExp | undefined;
  rest: string[];
  /** Some native branch may start a match inside a surrogate pair: texts holding one are left to the automaton. */
  notOnSurrogates: boolean;
}

/** One top-level branch as native source, or undefined outside what is read here. */
function translate(branch: string): Part | undefined {
  try {
    const translator = new Translator(branch);
    const part = translator.alternation(0);
    if (translator.pos !== branch.length) return undefined;
    // What the native engine refuses (none expected) is left to the automaton.
    new RegExp(part.js, "u");
    return part;
  } catch (error) {
    if (error instanceof Unsupported || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/**
 * The top-level branches of `pattern` (valid RE2, case-insensitive) that one native expression
 * matches as RE2 does, within `MAX_STEPS` steps per position of the text together; the other
 * branches' sources are left for the automaton.
 */
export function nativeBranches(pattern: string): NativeBranches {
  // A whole branch `(?:…)` is read as its branches: a `^` in one is then at a branch's start.
  const branches = patternBranches(pattern)?.map((b) => b.source) ?? [pattern];
  let steps = 0;
  let notOnSurrogates = false;
  const sources: string[] = [];
  const rest: string[] = [];
  for (const branch of branches) {
    const part = translate(branch);
    if (part === undefined || steps + part.steps > MAX_STEPS) rest.push(branch);
    else {
      steps += part.steps;
      sources.push(part.js);
      notOnSurrogates ||= part.startsWell !== true;
    }
  }
  return { native: sources.length === 0 ? undefined : new RegExp(sources.join("|"), "u"), rest, notOnSurrogates };
}
