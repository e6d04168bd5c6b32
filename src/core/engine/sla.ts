/**
 * SLA clocks (DESIGN §2.4): first response, recurring progress updates, mitigation and
 * resolution per cycle, counted in business time on the clock's calendar, minus pauses. Each
 * clock reports its state; at-risk/breached labels follow the running clocks both ways, and a
 * breach gets one keyed comment per clock per cycle.
 */
import type { Calendar } from "../calendar/calendar.ts";
import type { Comment } from "../model.ts";
import type { ClockReport } from "../plan.ts";
import { formatDuration } from "../rules/duration.ts";
import type { ClockRule } from "../rules/rules.ts";
import { formatInstant, displayZone } from "../text/format-instant.ts";
import { message } from "../text/messages.ts";
import type { Facts } from "./facts.ts";
import { cyclesOf, pauseSegments, type Segment } from "./history.ts";
import type { PlanBuilder } from "./plan-builder.ts";

const RULE = "sla";

/** Internal detail kept beside each report for escalation and explain. */
export interface ClockDetail {
  report: ClockReport;
  rule: ClockRule;
  calendar: Calendar;
  /** Running (not stopped) at `now`. */
  running: boolean;
  /** Instant the target was or will be reached (undefined while paused with time left). */
  dueAt: number | undefined;
  /** Explain lines: intervals counted, pauses. */
  notes: string[];
  /** Hidden key of this clock's breach notice: one per clock per cycle (per update period). */
  noticeKey: string;
}

/** Business time in [from, to) not covered by paused segments. */
function counted(calendar: Calendar, segments: readonly Segment[], from: number, to: number, usePauses: boolean): number {
  if (to <= from) return 0;
  if (!usePauses) return calendar.between(from, to);
  let total = 0;
  for (const s of segments) {
    if (s.paused || s.to <= from || s.from >= to) continue;
    total += calendar.between(Math.max(s.from, from), Math.min(s.to, to));
  }
  // Time after the last segment (segments end at now) is not paused.
  return total;
}

/** The instant at which `target` business ms have been counted from `from`, given pauses up to now. */
function dueInstant(
  calendar: Calendar,
  segments: readonly Segment[],
  from: number,
  target: number,
  now: number,
  usePauses: boolean,
): number | undefined {
  if (!usePauses) return calendar.add(from, target);
  let sum = 0;
  let lastEnd = from;
  for (const s of segments) {
    if (s.to <= from) continue;
    const a = Math.max(s.from, from);
    lastEnd = s.to;
    if (s.paused) continue;
    const part = calendar.between(a, s.to);
    if (sum + part >= target) return calendar.add(a, target - sum);
    sum += part;
  }
  const pausedNow = segments.length > 0 && (segments[segments.length - 1] as Segment).paused && lastEnd >= now;
  return pausedNow ? undefined : calendar.add(Math.max(lastEnd, now), target - sum);
}

function isTeamResponse(facts: Facts, comment: Comment): boolean {
  return comment.public && comment.key === undefined && comment.author.id !== facts.issue.author.id && facts.roleOf(comment.author) === "team";
}

function stateOf(elapsed: number, target: number, warnAt: number, running: boolean, paused: boolean): ClockReport["state"] {
  if (elapsed >= target) return "breached";
  if (!running) return "met";
  if (paused) return "paused";
  return elapsed >= target * warnAt ? "at-risk" : "running";
}

export function computeClocks(facts: Facts): ClockDetail[] {
  const { issue, rules, now } = facts;
  // Without a creation time (a snapshot that lacks it) no clock can be computed honestly.
  if (!(issue.createdAt > 0)) {
    facts.trace.push({ rule: RULE, fired: false, notes: ["the issue has no creation time; no clocks"] });
    return [];
  }
  const explain = facts.context.explain === true;
  const zone = displayZone(rules);
  const iso = (t: number) => formatInstant(t, zone);
  const details: ClockDetail[] = [];
  const sla = rules.sla;
  let segments: Segment[] | undefined;
  const cycles = cyclesOf(issue);
  const cycle = cycles[cycles.length - 1] as (typeof cycles)[number];
  const responses = issue.comments.filter((c) => isTeamResponse(facts, c));
  const firstResponse = responses[0];

  for (const rule of sla.clocks) {
    const target = rule.targets.get(facts.priority);
    const calendar = rule.calendars.get(facts.priority);
    if (!target || !calendar) continue;
    const targetMs = target.ms + target.businessDays * calendar.dayMs;
    segments ??= pauseSegments(facts, sla.pauseWhen);
    const usePauses = rule.pauses && sla.pauseWhen !== undefined;
    const pausedNow = usePauses && (segments[segments.length - 1]?.paused ?? false);
    const notes: string[] = [];
    let start: number;
    let stop: number | undefined;
    let cycleIndex = 1;
    let period = 0;
    let applicable = true;

    switch (rule.kind) {
      case "response":
        start = issue.createdAt;
        stop = firstResponse?.createdAt ?? (issue.state === "closed" ? (cycles[0]?.end ?? now) : undefined);
        if (explain) notes.push(firstResponse ? `first team response by ${firstResponse.author.id} at ${iso(firstResponse.createdAt)}` : "no team response yet");
        break;
      case "mitigation": {
        start = cycle.start;
        cycleIndex = cycle.index;
        const label = rule.label ?? "mitigated";
        const labelled = issue.history.find((e) => e.kind === "labeled" && e.label.toLowerCase() === label.toLowerCase() && e.at >= cycle.start);
        stop = labelled?.at ?? (facts.labels.has(label) ? now : cycle.end);
        if (explain) notes.push(labelled ? `labelled ${label} at ${iso(labelled.at)}` : `no ${label} label yet`);
        break;
      }
      case "update": {
        cycleIndex = cycle.index;
        const inCycle = responses.filter((c) => c.createdAt >= cycle.start);
        const last = inCycle[inCycle.length - 1];
        if (!last || issue.state !== "open") {
          applicable = false;
          start = cycle.start;
          if (explain) notes.push(issue.state !== "open" ? "issue is closed" : "no team response yet (first-response covers this)");
          break;
        }
        // One period per team update: the n-th update of the cycle opens period n.
        period = inCycle.length;
        start = last.createdAt;
        stop = undefined;
        if (explain) notes.push(`last team update by ${last.author.id} at ${iso(last.createdAt)}`);
        break;
      }
      case "resolution":
        start = cycle.start;
        cycleIndex = cycle.index;
        stop = cycle.end;
        if (cycle.end !== undefined && cycle.closeReason !== "completed") applicable = false;
        if (explain) notes.push(cycle.index > 1 ? `cycle ${cycle.index} started at the reopen at ${iso(cycle.start)}` : `started at creation, ${iso(start)}`);
        break;
    }
    if (!applicable) {
      details.push({
        report: { clock: rule.name, state: "not-applicable", cycle: cycleIndex, target: target.text, targetMs, calendar: calendar.name },
        rule,
        calendar,
        running: false,
        dueAt: undefined,
        notes,
        noticeKey: "",
      });
      continue;
    }
    const end = stop ?? now;
    const elapsed = counted(calendar, segments, start, Math.min(end, now), usePauses);
    const running = stop === undefined || stop > now;
    const dueAt = dueInstant(calendar, segments, start, targetMs, now, usePauses);
    const state = stateOf(elapsed, targetMs, sla.warnAt, running, pausedNow);
    if (explain) {
      // The intervals counted, each with the business time the calendar gives it.
      const until = Math.min(end, now);
      const spans = (usePauses ? segments.filter((x) => !x.paused) : [{ from: start, to: until }])
        .map((x) => ({ from: Math.max(x.from, start), to: Math.min(x.to, until) }))
        .filter((x) => x.to > x.from);
      const shown = spans.slice(-6);
      if (shown.length > 0) {
        notes.push(
          `counted ${spans.length > shown.length ? `(last ${shown.length} of ${spans.length}) ` : ""}${shown
            .map((x) => `${iso(x.from)} → ${iso(x.to)} (${formatDuration(calendar.between(x.from, x.to))})`)
            .join(", ")}`,
        );
      }
      const pauses = usePauses ? segments.filter((x) => x.paused && x.to > start) : [];
      if (pauses.length > 0) notes.push(`paused ${pauses.map((p) => `${iso(p.from)} → ${iso(p.to)}`).join(", ")}`);
    }
    if (explain) notes.push(
      `${formatDuration(elapsed)} of ${target.text} counted on ${calendar.describe()}${
        dueAt === undefined ? "" : `; due ${iso(dueAt)}`
      }; ${elapsed >= targetMs ? `over by ${formatDuration(elapsed - targetMs)}` : `${formatDuration(targetMs - elapsed)} left`}`,
    );
    details.push({
      report: {
        clock: rule.name,
        state,
        cycle: cycleIndex,
        target: target.text,
        targetMs,
        elapsedMs: elapsed,
        calendar: calendar.name,
        ...(dueAt === undefined || !Number.isFinite(dueAt) ? {} : { dueAt }),
        ...(stop === undefined || stop > now ? {} : { stoppedAt: stop }),
      },
      rule,
      calendar,
      running,
      dueAt,
      notes,
      noticeKey: `sla-breach/${rule.name}/cycle-${cycleIndex}${period > 0 ? `/update-${period}` : ""}`,
    });
  }
  return details;
}


/** The clock's name in the rules' locale. */
export function clockTitle(facts: Facts, clock: string): string {
  const text = message(facts.rules, `clock.${clock}`);
  return text === `clock.${clock}` ? clock : text;
}

/** Labels and breach comments for the clocks. */
export function applySla(facts: Facts, plan: PlanBuilder, details: readonly ClockDetail[]): void {
  const { rules, issue } = facts;
  const sla = rules.sla;
  const live = details.filter((d) => d.running && issue.state === "open");
  const breached = live.filter((d) => d.report.state === "breached");
  const atRisk = live.filter((d) => d.report.state === "at-risk");

  if (breached.length > 0) plan.addLabels([sla.breachedLabel], RULE, `breached: ${breached.map((d) => d.rule.name).join(", ")}`);
  else plan.removeLabels([sla.breachedLabel], RULE, "no running clock is breached");
  if (atRisk.length > 0 && breached.length === 0) plan.addLabels([sla.atRiskLabel], RULE, `at risk: ${atRisk.map((d) => d.rule.name).join(", ")}`);
  else plan.removeLabels([sla.atRiskLabel], RULE, breached.length > 0 ? "breached, not at risk" : "no running clock is at risk");

  for (const d of breached) {
    const overrun = formatDuration((d.report.elapsedMs ?? 0) - (d.report.targetMs ?? 0));
    const mentions = d.rule.kind === "update" ? issue.assignees.map((p) => p.id) : [];
    const body =
      d.rule.kind === "update"
        ? message(rules, "sla.update-due", { priority: facts.priority, target: d.report.target ?? "", since: formatDuration(d.report.elapsedMs ?? 0) })
        : message(rules, "sla.breach", {
            clock: clockTitle(facts, d.rule.name),
            priority: facts.priority,
            target: d.report.target ?? "",
            overrun,
            calendar: d.calendar.name,
          });
    plan.commentOnce(d.noticeKey, body, mentions, RULE, `${d.rule.name} breached (${overrun} over ${d.report.target})`);
  }
  for (const d of details) facts.trace.push({ rule: `sla.${d.rule.name}`, fired: d.report.state === "breached" && d.running, notes: [`${d.report.state}`, ...d.notes] });
}
