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

/** States after each history event (and the initial one), oldest first. */
function statesOf(issue: Issue): StateAt[] {
  const labels = createLabelSet(issue.labels);
  let status = issue.status?.name;
  const states: StateAt[] = [];
  for (let i = issue.history.length - 1; i >= 0; i--) {
    const event = issue.history[i];
    if (!event) continue;
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
  const states = statesOf(issue);
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
