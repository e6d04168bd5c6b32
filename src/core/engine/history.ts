/**
 * The issue's past as segments of constant state, rebuilt backwards from the current labels and
 * status through the history events. SLA clocks read pauses and stop events from here, so the
 * SLA state is recomputed from timestamps on every run (DESIGN §4), never from run counts.
 */
import type { HistoryEvent, Issue } from "../model.ts";
import type { Condition } from "../rules/conditions.ts";
import type { Rules } from "../rules/rules.ts";
import { createFacts, type Facts } from "./facts.ts";
import { createLabelSet, type LabelSet } from "./label-set.ts";
import { testCondition } from "./test-condition.ts";

export interface Segment {
  from: number;
  to: number;
  paused: boolean;
}

/** Resolution cycles: each starts at creation or a reopen, and ends at a close (if any). */
export interface Cycle {
  index: number;
  start: number;
  end?: number | undefined;
  closeReason?: string | undefined;
  /** Closes of this cycle undone by a reopen that continued it: [closed, reopened) spans. */
  continued?: { from: number; to: number }[];
}

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

const testedCache = new WeakMap<Condition, Set<string> | null>();

/** The issue with this workflow status (or none). */
function withStatus(issue: Issue, status: string | undefined): Issue {
  if (status === issue.status?.name) return issue;
  const { status: _now, ...rest } = issue;
  return status === undefined ? rest : { ...rest, status: { name: status, category: issue.status?.category ?? "indeterminate" } };
}

/**
 * States after each relevant history event (and the initial one), oldest first, when the pause
 * condition tests only labels and status: only those labels are tracked and other events are
 * skipped, so the states are few and small.
 */
function labelStatesOf(issue: Issue, tested: Set<string>): StateAt[] {
  const relevant = (label: string) => tested.has(label.toLowerCase());
  const labels = createLabelSet(issue.labels.filter(relevant));
  let status = issue.status?.name;
  const states: StateAt[] = [];
  for (let i = issue.history.length - 1; i >= 0; i--) {
    const event = issue.history[i];
    if (!event) continue;
    const matters = event.kind === "status" || ((event.kind === "labeled" || event.kind === "unlabeled") && relevant(event.label));
    if (!matters) continue;
    states.push({ at: Math.max(event.at, issue.createdAt), labels: createLabelSet(labels.values()), status });
    if (event.kind === "labeled") labels.delete(event.label);
    else if (event.kind === "unlabeled") labels.add(event.label);
    else if (event.kind === "status") status = event.from ?? undefined;
  }
  states.push({ at: issue.createdAt, labels, status });
  return states.reverse();
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
  const labels = createLabelSet(issue.labels);
  let status = issue.status?.name;
  let state = issue.state;
  let closeReason = issue.closeReason;
  let assignees = [...issue.assignees];
  let type = issue.type;
  let nativePriority = issue.nativePriority;
  const fields: Record<string, Issue["fields"][string]> = { ...issue.fields };
  let comments = issue.comments.length;
  const snapshot = (at: number): StateAt => {
    const past: Issue = {
      ...withStatus(issue, status),
      labels: [...labels.values()],
      state,
      closeReason: state === "closed" ? closeReason : undefined,
      assignees: [...assignees],
      type,
      nativePriority: nativePriority ?? null,
      fields: { ...fields },
      comments: comments === issue.comments.length ? issue.comments : issue.comments.slice(0, comments),
    };
    return { at: Math.max(at, issue.createdAt), labels: createLabelSet(labels.values()), status, issue: past };
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
    switch (event.kind) {
      case "labeled":
        labels.delete(event.label);
        break;
      case "unlabeled":
        labels.add(event.label);
        break;
      case "status":
        status = event.from ?? undefined;
        break;
      case "closed":
        state = "open";
        closeReason = undefined;
        break;
      case "reopened":
        state = "closed";
        closeReason = reasonBefore.get(i) ?? "completed";
        break;
      case "assigned":
        assignees = assignees.filter((p) => p.id !== event.assignee);
        break;
      case "unassigned":
        if (!assignees.some((p) => p.id === event.assignee)) assignees = [...assignees, { id: event.assignee }];
        break;
      case "type":
        type = event.from ?? undefined;
        break;
      case "priority":
        nativePriority = event.from;
        break;
      case "field":
        fields[event.field] = event.from;
        break;
    }
    i--;
  }
  states.push(snapshot(issue.createdAt));
  return states.reverse();
}

/** Segments from creation to `now`, marked paused where `pauseWhen` held. */
export function pauseSegments(facts: Facts, pauseWhen: Condition | undefined): Segment[] {
  const { issue, now } = facts;
  const end = Math.max(now, issue.createdAt);
  let tested = pauseWhen ? testedCache.get(pauseWhen) : null;
  if (pauseWhen && tested === undefined) {
    tested = labelsTested(pauseWhen, new Set()) ?? null;
    testedCache.set(pauseWhen, tested);
  }
  const withComments = pauseWhen !== undefined && tested === null && testsField(pauseWhen);
  if (!pauseWhen || (issue.history.length === 0 && !withComments)) {
    // The issue's own labels, not those this evaluation is about to add.
    const paused = pauseWhen ? testCondition(pauseWhen, { ...facts, labels: createLabelSet(issue.labels) }) : false;
    return [{ from: issue.createdAt, to: end, paused }];
  }
  // Labels and status only: the fast path. Otherwise the issue as it was at each change.
  const states = tested ? labelStatesOf(issue, tested) : issueStatesOf(issue, withComments);
  const segments: Segment[] = [];
  for (let i = 0; i < states.length; i++) {
    const state = states[i] as StateAt;
    const to = Math.min(states[i + 1]?.at ?? end, end);
    if (to <= state.at) continue;
    const past: Facts = { ...facts, labels: state.labels, issue: state.issue ?? withStatus(issue, state.status) };
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
    for (const c of cycle.continued ?? []) spans.push(c);
    if (cycle.end !== undefined) spans.push({ from: cycle.end, to: cycles[i + 1]?.start ?? now });
  }
  return spans.filter((s) => s.to > s.from);
}

/** A priority level and the instant from which it held. */
export interface PriorityPeriod {
  from: number;
  level: string;
}

/**
 * The priority levels the issue had, oldest first, ending with `current`, read from priority
 * label events (and the tracker's priority changes on Jira). The first period reaches back to
 * creation. One period when the history shows no change to `current`.
 */
export function priorityPeriods(issue: Issue, rules: Rules, current: string, now: number): PriorityPeriod[] {
  const levels = rules.priority;
  const events: PriorityPeriod[] = [];
  for (const event of issue.history) {
    if (event.at > now) break;
    let level: string | undefined;
    if (event.kind === "labeled") level = levels.byLabel.get(event.label.toLowerCase())?.name;
    else if (event.kind === "priority" && event.to !== null) {
      const to = event.to.toLowerCase();
      level = (issue.tracker === "jira" ? levels.byJira.get(to) : levels.byField.get(to))?.name ?? levels.byName.get(event.to)?.name;
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
