/**
 * The issue's past as segments of constant state, rebuilt backwards from the current labels and
 * status through the history events. SLA clocks read pauses and stop events from here, so the
 * SLA state is recomputed from timestamps on every run (DESIGN §4), never from run counts.
 */
import type { Issue } from "../model.ts";
import type { Condition } from "../rules/conditions.ts";
import type { Facts } from "./facts.ts";
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
}

interface StateAt {
  at: number;
  labels: LabelSet;
  status: string | undefined;
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

const testedCache = new WeakMap<Condition, Set<string> | null>();

/**
 * States after each relevant history event (and the initial one), oldest first. When the pause
 * condition tests only labels and status, only those labels are tracked and other events are
 * skipped: the states are fewer and smaller, the answer the same.
 */
function statesOf(issue: Issue, pauseWhen: Condition): StateAt[] {
  let tested = testedCache.get(pauseWhen);
  if (tested === undefined) {
    tested = labelsTested(pauseWhen, new Set()) ?? null;
    testedCache.set(pauseWhen, tested);
  }
  const relevant = (label: string) => tested === null || tested.has(label.toLowerCase());
  const labels = createLabelSet(tested === null ? issue.labels : issue.labels.filter(relevant));
  let status = issue.status?.name;
  const states: StateAt[] = [];
  for (let i = issue.history.length - 1; i >= 0; i--) {
    const event = issue.history[i];
    if (!event) continue;
    const matters = event.kind === "status" || ((event.kind === "labeled" || event.kind === "unlabeled") && relevant(event.label)) || tested === null;
    if (!matters) continue;
    states.push({ at: Math.max(event.at, issue.createdAt), labels: createLabelSet(labels.values()), status });
    if (event.kind === "labeled") labels.delete(event.label);
    else if (event.kind === "unlabeled") labels.add(event.label);
    else if (event.kind === "status") status = event.from ?? undefined;
  }
  states.push({ at: issue.createdAt, labels, status });
  return states.reverse();
}

/** Segments from creation to `now`, marked paused where `pauseWhen` held. */
export function pauseSegments(facts: Facts, pauseWhen: Condition | undefined): Segment[] {
  const { issue, now } = facts;
  const end = Math.max(now, issue.createdAt);
  if (!pauseWhen || issue.history.length === 0) {
    // The issue's own labels, not those this evaluation is about to add.
    const paused = pauseWhen ? testCondition(pauseWhen, { ...facts, labels: createLabelSet(issue.labels) }) : false;
    return [{ from: issue.createdAt, to: end, paused }];
  }
  const states = statesOf(issue, pauseWhen);
  const segments: Segment[] = [];
  for (let i = 0; i < states.length; i++) {
    const state = states[i] as StateAt;
    const to = Math.min(states[i + 1]?.at ?? end, end);
    if (to <= state.at) continue;
    const past: Facts = {
      ...facts,
      labels: state.labels,
      issue: state.status === undefined ? issue : { ...issue, status: { name: state.status, category: issue.status?.category ?? "indeterminate" } },
    };
    const paused = testCondition(pauseWhen, past);
    const last = segments[segments.length - 1];
    if (last && last.paused === paused && last.to === state.at) last.to = to;
    else segments.push({ from: state.at, to, paused });
  }
  return segments;
}

/** The resolution cycles of the issue from its closed/reopened history. */
export function cyclesOf(issue: Issue): Cycle[] {
  const cycles: Cycle[] = [{ index: 1, start: issue.createdAt }];
  for (const event of issue.history) {
    const current = cycles[cycles.length - 1] as Cycle;
    if (event.kind === "closed" && current.end === undefined) {
      current.end = event.at;
      current.closeReason = event.reason ?? "completed";
    } else if (event.kind === "reopened" && current.end !== undefined) {
      cycles.push({ index: cycles.length + 1, start: event.at });
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
