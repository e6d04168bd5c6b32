/**
 * Where in a text each branch of a rule file's pattern can match. Most branches never match a
 * line break and look at nothing beyond the line they match in (`\b` sees the line's edge as the
 * text's edge: a line break is no word character): such a branch matches a text exactly when it
 * matches one of its lines, and a branch anchored with `^` only its first line. The linear-time
 * engine then runs on a line or two instead of the whole text.
 *
 * Read from a conservative subset of RE2 syntax, as the required words are: anything not read
 * here (flags, `$`, `\A`, Unicode classes, `\s`, `\x…`) makes its branch one for the whole text.
 */

/**
 * Where a branch can match: `line` within one line (with, at most, the line break that ends it
 * as its last character); `first-line` likewise but only in the text's first line (it starts with
 * `^`); `text` anywhere, across lines.
 */
export type BranchScope = "line" | "first-line" | "text";

/** One top-level alternative of a pattern: its source (valid RE2 on its own) and its scope. */
export interface PatternBranch {
  source: string;
  scope: BranchScope;
}

class Unsupported extends Error {}

/** Escapes outside a class that match one character, never a line break, or are `\b`/`\B`. */
const LINE_ESCAPES = "dwSbBtrfva";

/** One branch's shape: whether it may match a line break before its last atom, and where. */
interface Shape {
  crossesLines: boolean;
  anchored: boolean;
  endsInNewline: boolean;
}

/** Scans `pattern` from `pos`; the top level splits into branches, groups are read through. */
class Scanner {
  pos = 0;
  private readonly p: string;

  constructor(pattern: string) {
    this.p = pattern;
  }

  /** Split at top-level `|` (or a group's `|` when `depth` > 0), returning each branch's span. */
  branches(depth: number): { from: number; to: number; shape: Shape }[] {
    const out: { from: number; to: number; shape: Shape }[] = [];
    for (;;) {
      const from = this.pos;
      const shape = this.sequence(depth);
      out.push({ from, to: this.pos, shape });
      if (this.p[this.pos] !== "|") return out;
      this.pos++;
    }
  }

  private sequence(depth: number): Shape {
    const p = this.p;
    const shape: Shape = { crossesLines: false, anchored: false, endsInNewline: false };
    let first = true;
    while (this.pos < p.length && p[this.pos] !== "|" && p[this.pos] !== ")") {
      // A line break matched before the branch's end means the match may cross lines.
      if (shape.endsInNewline) shape.crossesLines = true;
      shape.endsInNewline = false;
      const c = p[this.pos] as string;
      this.pos++;
      let newline = false;
      if (c === "(") {
        if (p[this.pos] === "?") {
          if (p[this.pos + 1] !== ":") throw new Unsupported();
          this.pos += 2;
        }
        for (const inner of this.branches(depth + 1)) {
          if (inner.shape.crossesLines || inner.shape.endsInNewline || inner.shape.anchored) shape.crossesLines = true;
        }
        if (p[this.pos] !== ")") throw new Unsupported();
        this.pos++;
      } else if (c === "[") {
        if (this.classMatchesNewline()) shape.crossesLines = true;
      } else if (c === "^") {
        if (!first || depth > 0) shape.crossesLines = true;
        shape.anchored = true;
      } else if (c === "$") shape.crossesLines = true;
      else if (c === "*" || c === "+" || c === "?") throw new Unsupported();
      else if (c === "\\") {
        const e = p[this.pos];
        if (e === undefined) throw new Unsupported();
        this.pos++;
        // Quoting would hide `|` and `)` from this scan.
        if (e === "Q") throw new Unsupported();
        if ((e === "p" || e === "P") && p[this.pos] === "{") {
          const close = p.indexOf("}", this.pos);
          if (close < 0) throw new Unsupported();
          this.pos = close + 1;
        }
        if (e === "n") newline = true;
        else if (!LINE_ESCAPES.includes(e) && (/[\p{L}\p{N}\s]/u.test(e) || e.charCodeAt(0) < 0x20)) shape.crossesLines = true;
      } else if (c === "\n") newline = true;
      else if (c.charCodeAt(0) < 0x20) shape.crossesLines = true;
      const quantified = this.quantifier();
      if (newline) {
        if (quantified) shape.crossesLines = true;
        else shape.endsInNewline = true;
      }
      if (c === "^" && quantified) shape.crossesLines = true;
      first = false;
    }
    return shape;
  }

  /** Read a class (after its `[`): may it match a line break? Unknown contents say yes. */
  private classMatchesNewline(): boolean {
    const p = this.p;
    const negated = p[this.pos] === "^";
    if (negated) this.pos++;
    let excludesNewline = false;
    let plain = true;
    let first = true;
    while (this.pos < p.length) {
      const c = p[this.pos] as string;
      if (c === "]" && !first) {
        this.pos++;
        return negated ? !excludesNewline : !plain;
      }
      first = false;
      if (c === "\\") {
        const e = p[this.pos + 1];
        if (e === undefined) throw new Unsupported();
        if (e === "n" || e === "s") excludesNewline = true;
        if (!"dwS".includes(e) && (/[\p{L}\p{N}\s]/u.test(e) || e.charCodeAt(0) < 0x20)) plain = false;
        if (e === "p" || e === "P" || e === "x" || e === "Q") throw new Unsupported();
        this.pos += 2;
      } else if (c === "[" && p[this.pos + 1] === ":") {
        const close = p.indexOf(":]", this.pos + 2);
        if (close < 0) throw new Unsupported();
        plain = false;
        this.pos = close + 2;
      } else {
        if (c === "\n") excludesNewline = true;
        if (c.charCodeAt(0) < 0x20) plain = false;
        this.pos++;
      }
    }
    throw new Unsupported();
  }

  /** Skip a quantifier after an atom; true when there was one. */
  private quantifier(): boolean {
    const p = this.p;
    const c = p[this.pos];
    if (c === "?" || c === "*" || c === "+") this.pos++;
    else if (c === "{") {
      // Not a valid repetition (`{`, `{,2}`): RE2 reads the brace as itself.
      const m = /^\{\d+(,\d*)?\}/.exec(p.slice(this.pos, this.pos + 24));
      if (m === null) return false;
      this.pos += m[0].length;
    } else return false;
    if (p[this.pos] === "?") this.pos++;
    return true;
  }
}

/** `(?:X)` that is the whole branch: its inner branches stand for it. */
function unwrap(source: string): PatternBranch[] | undefined {
  if (!source.startsWith("(?:") || !source.endsWith(")")) return undefined;
  const scanner = new Scanner(source);
  scanner.pos = 3;
  const inner = scanner.branches(0);
  return scanner.pos === source.length - 1 ? toBranches(source, inner) : undefined;
}

function toBranches(pattern: string, spans: { from: number; to: number; shape: Shape }[]): PatternBranch[] {
  return spans.flatMap(({ from, to, shape }) => {
    const source = pattern.slice(from, to);
    const scope: BranchScope = shape.crossesLines ? "text" : shape.anchored ? "first-line" : "line";
    return unwrap(source) ?? [{ source, scope }];
  });
}

/**
 * The top-level branches of `pattern` (RE2 syntax) with where each can match, a whole-branch
 * `(?:…)` read as its own branches; undefined when the pattern is outside the subset read here.
 */
export function patternBranches(pattern: string): PatternBranch[] | undefined {
  const scanner = new Scanner(pattern);
  try {
    const spans = scanner.branches(0);
    return scanner.pos === pattern.length ? toBranches(pattern, spans) : undefined;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
