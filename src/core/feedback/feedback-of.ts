/**
 * The satisfaction survey of an issue as its history shows it: in which cycles the tool asked
 * (its own comments keyed `feedback/survey/cycle-N`), and what the reporter answered — the
 * latest of a reaction to the survey, a reply after it (before the next survey), or the
 * tracker's satisfaction field. Pure, so that evaluation and the periodic review read the same.
 */
import type { Comment, FieldValue, Issue, Reaction, ReactionContent } from "../model.ts";
import type { Rules } from "../rules/rules.ts";
import { commentKeys } from "../text/hidden-key.ts";
import { surveyCycle } from "./feedback-rule.ts";
import { parseFeedbackReply, replyVerdict, type FeedbackVerdict } from "./parse-feedback-reply.ts";

/** What the reporter answered, and where. */
export interface FeedbackAnswer {
  verdict: FeedbackVerdict;
  /** False: "not solved"; absent when the answer does not say. */
  solved?: boolean;
  /** 1–5 where the answer gave one. */
  score?: number;
  at: number;
  via: "reaction" | "reply" | "field";
  /** The reply's comment id (`via: "reply"`). */
  comment?: string;
}

/** One survey: the cycle it was asked in, and its answer if there is one. */
export interface FeedbackRecord {
  cycle: number;
  askedAt: number;
  /** The survey comment's id. */
  survey: string;
  answer?: FeedbackAnswer;
}

/** A reaction's verdict; 👀 says nothing. */
const REACTION_VERDICT: Readonly<Record<ReactionContent, FeedbackVerdict | undefined>> = {
  "+1": "positive",
  heart: "positive",
  hooray: "positive",
  rocket: "positive",
  laugh: "positive",
  "-1": "negative",
  confused: "negative",
  eyes: undefined,
};

/** The reporter's reaction to the survey: the latest, or, without times, one verdict they all agree on. */
function reactionAnswer(survey: Comment, reporter: string): FeedbackAnswer | undefined {
  const theirs = (survey.reactions ?? []).filter((r: Reaction) => r.by.id === reporter && REACTION_VERDICT[r.content] !== undefined);
  if (theirs.length === 0) return undefined;
  const timed = theirs.filter((r) => r.at !== undefined).sort((a, b) => (a.at as number) - (b.at as number));
  const latest = timed[timed.length - 1];
  if (latest !== undefined) return { verdict: REACTION_VERDICT[latest.content] as FeedbackVerdict, at: latest.at as number, via: "reaction" };
  const verdicts = new Set(theirs.map((r) => REACTION_VERDICT[r.content]));
  if (verdicts.size !== 1) return undefined;
  return { verdict: [...verdicts][0] as FeedbackVerdict, at: survey.createdAt, via: "reaction" };
}

/** A field value as the reply parser reads it: a number is a score. */
function fieldText(value: FieldValue | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number") return Number.isInteger(value) && value >= 1 && value <= 5 ? String(value) : undefined;
  const text = Array.isArray(value) ? value.join("\n") : String(value);
  return text.trim() === "" ? undefined : text;
}

/** The tracker's satisfaction field, when set after the survey (its last change, else the issue's update). */
function fieldAnswer(issue: Issue, rules: Rules, askedAt: number): FeedbackAnswer | undefined {
  const name = rules.feedback?.field;
  const mapped = name === undefined ? [] : (rules.fields.get(name)?.sources[issue.capabilities.source]?.fields ?? []);
  for (const field of mapped) {
    const text = fieldText(issue.fields[field]);
    const reply = text === undefined ? undefined : parseFeedbackReply(text);
    if (reply === undefined) continue;
    const lower = field.toLowerCase();
    let at = issue.updatedAt ?? askedAt;
    for (const event of issue.history) if (event.kind === "field" && event.field.toLowerCase() === lower) at = event.at;
    if (at < askedAt) continue;
    return { verdict: replyVerdict(reply), ...reply, at, via: "field" };
  }
  return undefined;
}

/**
 * Every survey of the issue, oldest first, each with the reporter's latest answer to it — given
 * by `until` where one is set (a review of a past period counts the answers given by its end).
 */
export function feedbackOf(issue: Issue, rules: Rules, until = Number.POSITIVE_INFINITY): FeedbackRecord[] {
  const surveys: { cycle: number; comment: Comment }[] = [];
  for (const comment of issue.comments) {
    // Only the tool's own comments carry keys anyone can trust.
    if (comment.author.self !== true) continue;
    for (const key of commentKeys(comment)) {
      const cycle = surveyCycle(key);
      if (cycle !== undefined) surveys.push({ cycle, comment });
    }
  }
  if (surveys.length === 0) return [];
  const reporter = issue.author.id;
  return surveys.map(({ cycle, comment }, i) => {
    const next = surveys[i + 1]?.comment.createdAt ?? Number.POSITIVE_INFINITY;
    const candidates: FeedbackAnswer[] = [];
    const reaction = reactionAnswer(comment, reporter);
    if (reaction) candidates.push(reaction);
    for (const reply of issue.comments) {
      if (reply.author.id !== reporter || reply.author.self === true || !reply.public) continue;
      if (reply.createdAt <= comment.createdAt || reply.createdAt >= next) continue;
      const said = parseFeedbackReply(reply.body);
      if (said) candidates.push({ verdict: replyVerdict(said), ...said, at: reply.createdAt, via: "reply", comment: reply.id });
    }
    if (i === surveys.length - 1) {
      const field = fieldAnswer(issue, rules, comment.createdAt);
      if (field) candidates.push(field);
    }
    // The latest answer counts: a reporter may change their mind.
    const answer = candidates.reduce<FeedbackAnswer | undefined>((best, a) => (a.at > until || (best !== undefined && a.at < best.at) ? best : a), undefined);
    return { cycle, askedAt: comment.createdAt, survey: comment.id, ...(answer ? { answer } : {}) };
  });
}
