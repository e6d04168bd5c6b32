/**
 * A reporter's reply to the satisfaction survey → what it says: a score (`1`–`5` on a line of
 * its own, `4/5`, `评分：4`), satisfaction (`satisfied` / `not satisfied`, `满意` / `一般` /
 * `不满意`) and whether the problem is solved (`solved` / `not solved`, `已解决` / `未解决`).
 * Quoted lines (`> …`, a quote of the survey) and code are not the reporter's answer; a number
 * inside a sentence is not a score; a reply that says both (the options pasted back) says
 * nothing on that point. One pass over the words of each line: linear in the text's length.
 */
import { stripHtmlComments } from "../text/scan.ts";

export type FeedbackVerdict = "positive" | "neutral" | "negative";

/** What one reply says; a key is absent when the reply does not say it (or says both). */
export interface FeedbackReply {
  satisfaction?: FeedbackVerdict;
  solved?: boolean;
  /** 1 (worst) to 5 (best). */
  score?: number;
}

/** Longer than this, a line is a message, not an answer: its words may still say one. */
const SCORE_LINE_MAX = 40;

/** A line that is a score and nothing else: `4`, `4/5`, `4 stars`, `score: 4`, `评分：4分`. */
const SCORE_LINE = /^(?:(?:score|rating|rate|评分|打分)\s?[:：]?\s?)?([1-5])(?:\s?(?:\/\s?5|分|星|stars?|out of 5))?[.!。！]?$/i;

const NEGATORS = new Set(["not", "never", "no", "isn't", "isnt", "wasn't", "wasnt", "aren't", "hasn't", "haven't", "didn't", "don't", "doesn't", "nor"]);
/** How many words before a term a negator still applies to it ("not really satisfied"). */
const NEGATION_REACH = 2;

const SATISFACTION: Readonly<Record<string, FeedbackVerdict>> = {
  satisfied: "positive",
  unsatisfied: "negative",
  dissatisfied: "negative",
};
const SOLVED: Readonly<Record<string, boolean>> = { solved: true, resolved: true, fixed: true, unsolved: false, unresolved: false };

const WORD = /[\p{L}\p{N}']+/gu;
const PUNCTUATION = /[\s\p{P}]+/gu;
/** A Chinese answer that is only this (一般 inside a sentence means "usually"). */
const NEUTRAL_ALONE = new Set(["一般", "一般般", "还行", "还可以"]);
const CJK_NEGATORS = "不没未";
const CLAUSE_END = /[\s\p{P}]/u;

/** Lines that are the reporter's own: not quoted, not in a fenced code block. */
function ownLines(text: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const raw of stripHtmlComments(text).split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("```") || line.startsWith("~~~")) {
      fenced = !fenced;
      continue;
    }
    if (fenced || line.startsWith(">") || line === "") continue;
    out.push(line);
  }
  return out;
}

/** Collects what the lines say, each point once; a point said both ways is dropped. */
function collector() {
  const satisfaction = new Set<FeedbackVerdict>();
  const solved = new Set<boolean>();
  const scores = new Set<number>();
  return {
    satisfaction: (v: FeedbackVerdict) => satisfaction.add(v),
    solved: (v: boolean) => solved.add(v),
    score: (v: number) => scores.add(v),
    result(): FeedbackReply | undefined {
      const reply: FeedbackReply = {};
      if (satisfaction.size === 1) reply.satisfaction = [...satisfaction][0] as FeedbackVerdict;
      if (solved.size === 1) reply.solved = [...solved][0] as boolean;
      if (scores.size === 1) reply.score = [...scores][0] as number;
      return Object.keys(reply).length > 0 ? reply : undefined;
    },
  };
}

type Collector = ReturnType<typeof collector>;

const isNegator = (word: string): boolean => NEGATORS.has(word) || word.endsWith("n't");

/** English words: a term, negated by a negator within reach before it (twice negated: neutral). */
function readWords(line: string, into: Collector): void {
  const words = line.toLowerCase().replaceAll("’", "'").match(WORD) ?? [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const satisfaction = SATISFACTION[word];
    const solved = SOLVED[word];
    if (satisfaction === undefined && solved === undefined) continue;
    let negated = false;
    for (let j = Math.max(0, i - NEGATION_REACH); j < i; j++) if (isNegator(words[j] as string)) negated = true;
    if (satisfaction !== undefined) {
      // "not satisfied" is negative; "not unsatisfied" is no complaint, and no praise either.
      into.satisfaction(!negated ? satisfaction : satisfaction === "positive" ? "negative" : "neutral");
    }
    // "not unsolved" says nothing clear.
    if (solved !== undefined && !(negated && !solved)) into.solved(negated ? false : solved);
  }
}

/** How many negators stand in the few characters before `at`, within its clause (不错，满意 is praise). */
function cjkNegations(line: string, at: number): number {
  let count = 0;
  for (let i = at - 1; i >= Math.max(0, at - 4); i--) {
    const char = line[i] as string;
    if (CLAUSE_END.test(char)) break;
    if (CJK_NEGATORS.includes(char)) count++;
  }
  return count;
}

/** Chinese: 满意 (negated: 不满意, 不太满意; twice: 没有不满意 is neutral), 已解决 / 未解决. */
function readChinese(line: string, into: Collector): void {
  for (let at = line.indexOf("满意"); at >= 0; at = line.indexOf("满意", at + 2)) {
    const n = cjkNegations(line, at);
    into.satisfaction(n === 0 ? "positive" : n === 1 ? "negative" : "neutral");
  }
  for (let at = line.indexOf("解决"); at >= 0; at = line.indexOf("解决", at + 2)) {
    const n = cjkNegations(line, at);
    if (n === 1 || line.startsWith("不了", at + 2)) into.solved(false);
    // 如何解决 asks; 已解决, 解决了 answer.
    else if (n === 0 && (line[at - 1] === "已" || line[at + 2] === "了")) into.solved(true);
  }
}

/** What a reply to the survey says, or undefined when it answers nothing. */
export function parseFeedbackReply(text: string): FeedbackReply | undefined {
  const into = collector();
  for (const line of ownLines(text)) {
    if (line.length <= SCORE_LINE_MAX) {
      const score = SCORE_LINE.exec(line);
      if (score) into.score(Number(score[1]));
      if (NEUTRAL_ALONE.has(line.replace(PUNCTUATION, ""))) into.satisfaction("neutral");
    }
    readWords(line, into);
    readChinese(line, into);
  }
  return into.result();
}

/**
 * The reply's verdict: not solved, or unsatisfied, or a score of 1–2 is negative; satisfied or
 * 4–5 positive; 3 or 一般 neutral; solved alone positive. Satisfaction said in words wins over a
 * score.
 */
export function replyVerdict(reply: FeedbackReply): FeedbackVerdict {
  if (reply.solved === false) return "negative";
  if (reply.satisfaction !== undefined) return reply.satisfaction;
  if (reply.score !== undefined) return reply.score <= 2 ? "negative" : reply.score === 3 ? "neutral" : "positive";
  return "positive";
}
