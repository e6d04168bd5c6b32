/**
 * Characters of a rule pattern written for the native engine as RE2 reads them case-insensitively:
 * the safe characters of required-literals.ts only, an ASCII letter with its case variants written
 * out (`k` with the Kelvin sign, `s` with the long s, as RE2 folds them), so that the native
 * expression needs no case folding of its own (with it, the native `\b` would count those two
 * signs as word characters, RE2's does not).
 */
import { isSafe } from "./required-literals.ts";

/** Outside what is read here: the pattern is left to the automaton. */
export class Unsupported extends Error {}

/** A one-character atom: its native source and, when few enough to list, its characters. */
export interface CharAtom {
  js: string;
  chars: ReadonlySet<number> | undefined;
}

/** The largest class whose characters are listed (to tell two atoms apart). */
const MAX_LISTED = 1024;

export const hex = (code: number): string => `\\u{${code.toString(16)}}`;

/** The characters RE2's case folding puts with a character (an ASCII letter's; the others have none here). */
export function variants(code: number): number[] {
  const lower = code | 0x20;
  if (lower < 0x61 || lower > 0x7a) return [code];
  const out = [lower, lower - 0x20];
  if (lower === 0x6b) out.push(0x212a);
  if (lower === 0x73) out.push(0x17f);
  return out;
}

/** A character of the pattern (a safe one, or a control character it escaped). */
export function charAtom(code: number): CharAtom {
  const all = variants(code);
  return { js: all.length === 1 ? hex(code) : `[${all.map(hex).join("")}]`, chars: new Set(all) };
}

const DIGITS: ReadonlySet<number> = new Set([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]);

/** `\d` (ASCII digits, in both engines), `\D`, and `.` (RE2's refuses only `\n`; the native one also `\r`). */
export const DIGIT: CharAtom = { js: "\\d", chars: DIGITS };
export const NON_DIGIT: CharAtom = { js: "\\D", chars: undefined };
export const ANY: CharAtom = { js: "[^\\n]", chars: undefined };

/** The control characters RE2 reads escaped, and punctuation escaped to stand for itself. */
export function escapedChar(e: string): number {
  const control = { n: 0x0a, t: 0x09, r: 0x0d, f: 0x0c, v: 0x0b, a: 0x07 }[e];
  if (control !== undefined) return control;
  if (/[\p{L}\p{N}]/u.test(e) || !isSafe(e.charCodeAt(0))) throw new Unsupported();
  return e.charCodeAt(0);
}

/**
 * A class's members read from the pattern (single characters, ranges of them, `\d`) as a native
 * class with the case variants RE2 adds; ranges are of ASCII, or of safe characters without case.
 */
export function classAtom(members: readonly (readonly [number, number] | "digits")[], negated: boolean): CharAtom {
  const js: string[] = [];
  const chars = new Set<number>();
  let listed = true;
  for (const member of members) {
    if (member === "digits") {
      js.push("\\d");
      for (const d of DIGITS) chars.add(d);
      continue;
    }
    const [lo, hi] = member;
    if (hi < lo) throw new Unsupported();
    if (lo >= 0x80) {
      for (let code = lo; code <= hi; code++) if (code < 0x3000 || !isSafe(code)) throw new Unsupported();
    } else if (hi >= 0x80) throw new Unsupported();
    js.push(lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`);
    if (hi - lo > MAX_LISTED) listed = false;
    for (let code = lo; code <= hi && listed; code++) for (const v of variants(code)) chars.add(v);
    for (let code = lo; code <= hi && code < 0x80; code++) for (const v of variants(code)) if (v < lo || v > hi) js.push(hex(v));
  }
  return { js: `[${negated ? "^" : ""}${js.join("")}]`, chars: negated || !listed ? undefined : chars };
}

/** Do two atoms never match the same character (both listed, no character in common)? */
export function disjoint(a: CharAtom, b: CharAtom): boolean {
  if (a.chars === undefined || b.chars === undefined) return false;
  for (const c of a.chars) if (b.chars.has(c)) return false;
  return true;
}

/** Is every character of the atom an ASCII word character (RE2's `\b` sees it as one)? */
export const wordChars = (a: CharAtom): boolean => a.chars !== undefined && [...a.chars].every((c) => c < 0x80 && /\w/.test(String.fromCharCode(c)));
