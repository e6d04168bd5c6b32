/**
 * The issue's past as segments of constant state, rebuilt backwards from the current labels and
 * status through the history events. SLA clocks read pauses and stop events from here, so the
 * SLA state is recomputed from timestamps on every run, never from run counts.
 */
import type { HistoryEvent, Issue } from "../model.ts";
import type { Condition } from "../rules/conditions.ts";
import type { Rules } from "../rules/rules.ts";
import type { Cycle } from "./cycle.ts";
import { createFacts, type Facts } from "./facts.ts";
import { createLabelSet, foldLabel, type LabelSet } from "./label-set.ts";
import { testCondition } from "./test-condition.ts";
import { presentState, undoEvent } from "./undo-event.ts";

export interface Segment {
  from: number;
  to: number;
  paused: boolean;
}

export type { Cycle } from "./cycle.ts";

/** Does this reopen continue the cycle the close at `closedAt` ended (rather than start a new one)? */
export type ContinuesCycle = (closedAt: number, reopen: Extract<HistoryEvent, { kind: "reopened" }>) => boolean;

interface StateAt {
  at: number;
  labels: LabelSet;
  status: string | undefined;
  /** On the slow path: the issue as it was from `at` on, as far as the history records it. */
  issue?: Issue;
}

/** The labels a condition tests, or undefined when it tests more than labels and status. */
function labelsTested(condition: Condition, out: Set<string>): Set<string> | undefined {
  switch (condition.kind) {
    case "all":
    case "any":
      for (const item of condition.items) if (!labelsTested(item, out)) return undefined;
      return out;
    case "not":
      return labelsTested(condition.item, out);
    case "label":
      for (const l of condition.labels) out.add(l.toLowerCase());
      return out;
    case "status":
      return out;
    default:
      return undefined;
  }
}

/** Does the condition test a named field (whose answer may come from a comment)? */
function testsField(condition: Condition): boolean {
  switch (condition.kind) {
    case "all":
    case "any":
      return condition.items.some(testsField);
    case "not":
      return testsField(condition.item);
    default:
      return condition.kind === "field";
  }
}

/**
 * A pause condition that tests only labels and status, compiled once: the labels it tests (lower
 * case), each by its index in a list of presences, and a test on those presences and a status
 * name. Gives the same answer as `testCondition` on an issue with those labels and that status.
 */
interface LabelStatusTest {
  /** Tested label (lower case) → its index in `present`. */
  index: Map<string, number>;
  /** A label as spelled on issues → its index, or -1 when not tested: filled in as met (bounded). */
  keys: Map<string, number>;
  /** Whether each tested label is on the issue, flipped in place as one walk undoes the history. */
  present: boolean[];
  holds(present: readonly boolean[], status: string | undefined): boolean;
}

function compileLabelStatus(condition: Condition, index: ReadonlyMap<string, number>): LabelStatusTest["holds"] {
  switch (condition.kind) {
    case "all": {
      const items = condition.items.map((item) => compileLabelStatus(item, index));
      return (present, status) => {
        for (const item of items) if (!item(present, status)) return false;
        return true;
      };
    }
    case "any": {
      const items = condition.items.map((item) => compileLabelStatus(item, index));
      return (present, status) => {
        for (const item of items) if (item(present, status)) return true;
        return false;
      };
    }
    case "not": {
      const item = compileLabelStatus(condition.item, index);
      return (present, status) => !item(present, status);
    }
    case "label": {
      const wanted = condition.labels.map((l) => index.get(l.toLowerCase()) as number);
      return (present) => {
        for (const i of wanted) if (present[i] === true) return true;
        return false;
      };
    }
    case "status": {
      const values = condition.values.map((v) => v.toLowerCase());
      return (_present, status) => status !== undefined && values.includes(status.toLowerCase());
    }
    default:
      // labelsTested admits no other kind.
      throw new Error(`not a label or status condition: ${condition.kind}`);
  }
}

const testedCache = new WeakMap<Condition, LabelStatusTest | null>();

/** The compiled label-and-status test of a pause condition, or null when it tests more. */
function labelStatusTest(condition: Condition): LabelStatusTest | null {
  let tested = testedCache.get(condition);
  if (tested === undefined) {
    const labels = labelsTested(condition, new Set());
    if (labels) {
      const index = new Map<string, number>();
      for (const label of labels) index.set(label, index.size);
      tested = { index, keys: new Map<string, number>(), present: [...labels].map(() => false), holds: compileLabelStatus(condition, index) };
    } else {
      tested = null;
    }
    testedCache.set(condition, tested);
  }
  return tested;
}

/**
 * The index of a label among the test's labels, or -1 when the test does not look at it: one
 * look-up per label met, where folding and then asking the set were two on every event.
 */
function testedKey(test: LabelStatusTest, label: string): number {
  let key = test.keys.get(label);
  if (key === undefined) {
    key = test.index.get(foldLabel(label)) ?? -1;
    if (test.keys.size > 10_000) test.keys.clear();
    test.keys.set(label, key);
  }
  return key;
}

/**
 * Paused segments from creation to `end` when the pause condition tests only labels and status:
 * walks the history backwards from the current labels and status, tracking only the labels the
 * condition tests, and judges each state as it is rebuilt (no copy of the issue per state).
 */
function labelStatusSegments(issue: Issue, test: LabelStatusTest, end: number): Segment[] {
  // Presence by tested label's index, flipped in place as the history is undone: a list the test
  // keeps (one walk at a time), where a map per walk was asked by name on every judgement.
  const present = test.present;
  present.fill(false);
  for (const label of issue.labels) {
    const key = testedKey(test, label);
    if (key >= 0) present[key] = true;
  }
  let status = issue.status?.name;
  // No history: one segment as the issue is now (also when it has no length yet).
  if (issue.history.length === 0) return [{ from: issue.createdAt, to: end, paused: test.holds(present, status) }];
  // The state after each relevant event (and the initial one), newest first, judged as the
  // history is undone: each holds from its event to the next newer one (or `end`). Built newest
  // first, merged where adjacent and alike, then turned oldest first.
  const segments: Segment[] = [];
  const push = (from: number, to: number, paused: boolean): void => {
    if (to <= from) return;
    const newer = segments[segments.length - 1];
    if (newer !== undefined && newer.paused === paused && newer.from === to) newer.from = from;
    else segments.push({ from, to, paused });
  };
  let newerStart = end;
  const history = issue.history;
  for (let i = history.length - 1; i >= 0; i--) {
    const event = history[i];
    if (!event) continue;
    if (event.kind === "labeled" || event.kind === "unlabeled") {
      const key = testedKey(test, event.label);
      if (key < 0) continue;
      const from = Math.max(event.at, issue.createdAt);
      push(from, Math.min(newerStart, end), test.holds(present, status));
      present[key] = event.kind !== "labeled";
      newerStart = from;
    } else if (event.kind === "status") {
      const from = Math.max(event.at, issue.createdAt);
      push(from, Math.min(newerStart, end), test.holds(present, status));
      status = event.from ?? undefined;
      newerStart = from;
    }
  }
  push(issue.createdAt, Math.min(newerStart, end), test.holds(present, status));
  return segments.reverse();
}

/** The issue with this workflow status (or none). */
function withStatus(issue: Issue, status: string | undefined): Issue {
  if (status === issue.status?.name) return issue;
  const { status: _now, ...rest } = issue;
  return status === undefined ? rest : { ...rest, status: { name: status, category: issue.status?.category ?? "indeterminate" } };
}

/**
 * The issue as it was after each history event (and each comment, when a field is tested),
 * oldest first, rebuilt backwards from now: labels, status, state and close reason, assignees,
 * type, the tracker's priority and fields, and the comments written by then. What the history
 * does not record (title, body, a field answered in the body) is as it is now; conditions on
 * text and time are refused in `pause-when` for that reason (see `pastProblems`).
 */
function issueStatesOf(issue: Issue, withComments: boolean): StateAt[] {
  const history = issue.history;
  // The close reason each reopen undid, from a forward pass.
  const reasonBefore = new Map<number, Issue["closeReason"]>();
  let reason: Issue["closeReason"];
  history.forEach((event, i) => {
    if (event.kind === "closed") reason = event.reason ?? "completed";
    else if (event.kind === "reopened") reasonBefore.set(i, reason);
  });
  const rewound = presentState(issue, createLabelSet(issue.labels));
  let closeReason = issue.closeReason;
  let comments = issue.comments.length;
  const snapshot = (at: number): StateAt => {
    const past: Issue = {
      ...withStatus(issue, rewound.status),
      labels: [...rewound.labels.values()],
      state: rewound.state,
      closeReason: rewound.state === "closed" ? closeReason : undefined,
      assignees: [...rewound.assignees],
      type: rewound.type,
      nativePriority: rewound.nativePriority ?? null,
      fields: { ...rewound.fields },
      comments: comments === issue.comments.length ? issue.comments : issue.comments.slice(0, comments),
    };
    return { at: Math.max(at, issue.createdAt), labels: createLabelSet(rewound.labels.values()), status: rewound.status, issue: past };
  };
  const states: StateAt[] = [];
  let i = history.length - 1;
  for (;;) {
    const event = history[i];
    const comment = withComments ? issue.comments[comments - 1] : undefined;
    if (!event && !comment) break;
    // Undo the later of the next event and the next comment (events first on a tie).
    if (comment && (!event || comment.createdAt > event.at)) {
      states.push(snapshot(comment.createdAt));
      comments--;
      continue;
    }
    if (!event) break;
    states.push(snapshot(event.at));
    undoEvent(rewound, event);
    if (event.kind === "closed") closeReason = undefined;
    else if (event.kind === "reopened") closeReason = reasonBefore.get(i) ?? "completed";
    i--;
  }
  states.push(snapshot(issue.createdAt));
  return states.reverse();
}

/** Segments from creation to `now`, marked paused where `pauseWhen` held. */
export function pauseSegments(facts: Facts, pauseWhen: Condition | undefined): Segment[] {
  const { issue, now } = facts;
  const end = Math.max(now, issue.createdAt);
  if (!pauseWhen) return [{ from: issue.createdAt, to: end, paused: false }];
  // Labels and status only: the fast path (the issue's own labels, not those this evaluation is
  // about to add). Otherwise the issue as it was at each change.
  const tested = labelStatusTest(pauseWhen);
  if (tested) return labelStatusSegments(issue, tested, end);
  const withComments = testsField(pauseWhen);
  if (issue.history.length === 0 && !withComments) {
    const paused = testCondition(pauseWhen, { ...facts, labels: createLabelSet(issue.labels) });
    return [{ from: issue.createdAt, to: end, paused }];
  }
  const states = issueStatesOf(issue, withComments);
  const segments: Segment[] = [];
  for (let i = 0; i < states.length; i++) {
    const state = states[i] as StateAt;
    const to = Math.min(states[i + 1]?.at ?? end, end);
    if (to <= state.at) continue;
    // The issue as it was: nothing worked out for the issue as it is holds for it.
    const past: Facts = { ...facts, labels: state.labels, issue: state.issue ?? withStatus(issue, state.status), memo: {} };
    if (state.issue && withComments) {
      // Field answers as they stood then: tracker fields and comments of that instant.
      let then: Facts | undefined;
      past.answer = (name) => (then ??= createFacts(state.issue as Issue, facts.rules, state.at, facts.context)).answer(name);
    }
    const paused = testCondition(pauseWhen, past);
    const last = segments[segments.length - 1];
    if (last && last.paused === paused && last.to === state.at) last.to = to;
    else segments.push({ from: state.at, to, paused });
  }
  return segments;
}

/**
 * The resolution cycles of the issue from its closed/reopened history. A reopen for which
 * `continues` holds (the tool's own, or one within the grace period) undoes the close instead
 * of starting a new cycle.
 */
export function cyclesOf(issue: Issue, continues?: ContinuesCycle): Cycle[] {
  const cycles: Cycle[] = [{ index: 1, start: issue.createdAt }];
  for (const event of issue.history) {
    const current = cycles[cycles.length - 1] as Cycle;
    if (event.kind === "closed" && current.end === undefined) {
      current.end = event.at;
      current.closeReason = event.reason ?? "completed";
    } else if (event.kind === "reopened" && current.end !== undefined) {
      if (continues?.(current.end, event)) {
        (current.continued ??= []).push({ from: current.end, to: event.at });
        current.end = undefined;
        current.closeReason = undefined;
      } else {
        cycles.push({ index: cycles.length + 1, start: event.at });
      }
    }
  }
  const current = cycles[cycles.length - 1] as Cycle;
  // The history may be incomplete (a snapshot without a timeline): trust the current state.
  if (issue.state === "closed" && current.end === undefined) {
    current.end = issue.closedAt ?? issue.updatedAt ?? issue.createdAt;
    current.closeReason = issue.closeReason ?? "completed";
  } else if (issue.state === "open" && current.end !== undefined) {
    cycles.push({ index: cycles.length + 1, start: current.end });
  }
  return cycles;
}

/**
 * Spans in which the issue was closed, oldest first: between the cycles, inside them (closes a
 * reopen continued), and from the last close to `now` while it is still closed. First response
 * and progress updates are not owed while an issue is closed.
 */
export function closedSpans(cycles: readonly Cycle[], now: number): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  for (let i = 0; i < cycles.length; i++) {
    const cycle = cycles[i] as Cycle;
    for (const c of cycle.continued ?? []) if (c.to > c.from) spans.push(c);
    const to = cycles[i + 1]?.start ?? now;
    if (cycle.end !== undefined && to > cycle.end) spans.push({ from: cycle.end, to });
  }
  return spans;
}

/** Priority level names by label as spelled on issues (null: no level's label), per rules. */
const levelsByLabel = new WeakMap<Rules["priority"], Map<string, string | null>>();

function labelLevels(levels: Rules["priority"]): Map<string, string | null> {
  let byLabel = levelsByLabel.get(levels);
  if (byLabel === undefined) levelsByLabel.set(levels, (byLabel = new Map<string, string | null>()));
  return byLabel;
}

/** The level a label sets, or null: one look-up per label met, where folding and then asking the levels were two on every event. */
function levelOfLabel(byLabel: Map<string, string | null>, levels: Rules["priority"], label: string): string | null {
  let level = byLabel.get(label);
  if (level === undefined) {
    level = levels.byLabel.get(foldLabel(label))?.name ?? null;
    if (byLabel.size > 10_000) byLabel.clear();
    byLabel.set(label, level);
  }
  return level;
}

/** A priority level and the instant from which it held. */
export interface PriorityPeriod {
  from: number;
  level: string;
}

/**
 * The priority levels the issue had, oldest first, ending with `current`, read from priority
 * label events (and the changes of a tracker's own priority field). The first period reaches back to
 * creation. One period when the history shows no change to `current`.
 */
export function priorityPeriods(issue: Issue, rules: Rules, current: string, now: number): PriorityPeriod[] {
  const levels = rules.priority;
  const events: PriorityPeriod[] = [];
  let byLabel: Map<string, string | null> | undefined;
  for (const event of issue.history) {
    if (event.at > now) break;
    let level: string | undefined;
    if (event.kind === "labeled") level = levelOfLabel((byLabel ??= labelLevels(levels)), levels, event.label) ?? undefined;
    else if (event.kind === "priority" && event.to !== null) {
      const to = event.to.toLowerCase();
      level = (issue.capabilities.nativePriority ? levels.byNative.get(to) : levels.byField.get(to))?.name ?? levels.byName.get(event.to)?.name;
    }
    if (level !== undefined) events.push({ from: event.at, level });
  }
  if (events.length === 0) return [{ from: issue.createdAt, level: current }];
  // The current level holds from the last event that set it; without one, it is being set now.
  let last = -1;
  for (let i = events.length - 1; i >= 0; i--) if ((events[i] as PriorityPeriod).level === current) { last = i; break; }
  const changeAt = last >= 0 ? (events[last] as PriorityPeriod).from : now;
  const periods: PriorityPeriod[] = [];
  for (const e of events) {
    if (e.from >= changeAt) break;
    const prev = periods[periods.length - 1];
    if (prev && prev.level === e.level) continue;
    if (prev && prev.from === e.from) {
      // Labels added together: the highest holds, as when several are reduced.
      if ((levels.byName.get(e.level)?.rank ?? Infinity) < (levels.byName.get(prev.level)?.rank ?? Infinity)) prev.level = e.level;
    }
    else periods.push({ from: e.from, level: e.level });
  }
  const prev = periods[periods.length - 1];
  if (!prev || prev.level !== current) periods.push({ from: changeAt, level: current });
  (periods[0] as PriorityPeriod).from = Math.min((periods[0] as PriorityPeriod).from, issue.createdAt);
  return periods;
}
