/**
 * SLA clocks: each counted in business time on the clock's calendar, minus pauses, from the
 * start to the stop its kind sets (`src/core/clocks/`: first response, recurring progress
 * updates, mitigation and resolution per cycle). Each clock reports its state; at-risk/breached
 * labels follow the running clocks both ways, and a breach gets one keyed comment per clock per
 * cycle.
 */
import type { Calendar } from "../calendar/calendar.ts";
import type { ClockKindModule, ClockMoment } from "../clocks/clock-kind.ts";
import { CLOCK_KINDS } from "../clocks/registry.ts";
import type { Comment } from "../model.ts";
import type { ClockReport } from "../plan.ts";
import { formatDuration, type Duration } from "../rules/duration.ts";
import type { ClockRule } from "../rules/rules.ts";
import { formatInstant, displayZone } from "../text/format-instant.ts";
import { message } from "../text/messages.ts";
import { isBot, type Facts } from "./facts.ts";
import { negativeFeedback } from "./feedback-answer.ts";
import { closedSpans, cyclesOf, pauseSegments, priorityPeriods, type Cycle, type PriorityPeriod, type Segment } from "./history.ts";
import type { PlanWriter } from "./plan-writer.ts";

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
  /** The update period within the cycle (the n-th team update), 0 for a clock that has none. */
  period: number;
  /** When this clock (its cycle, its update period) started counting. */
  startedAt: number;
  /** The rule its trace entry names: `sla.<clock>`. */
  traceRule: string;
}

/**
 * The calendars a clock counted on over time, oldest first: after a priority change the time
 * already counted stays counted on the calendar of the level it was counted under.
 */
interface CalendarSpan {
  from: number;
  calendar: Calendar;
}

/** Calendar time in [a, b), each part on the calendar in force then. */
function between(spans: readonly CalendarSpan[], a: number, b: number): number {
  if (spans.length === 1) return (spans[0] as CalendarSpan).calendar.between(a, b);
  let total = 0;
  for (let i = 0; i < spans.length; i++) {
    const from = i === 0 ? a : Math.max(a, (spans[i] as CalendarSpan).from);
    const to = Math.min(b, spans[i + 1]?.from ?? b);
    if (to > from) total += (spans[i] as CalendarSpan).calendar.between(from, to);
  }
  return total;
}

/** What one walk over a clock's segments found: the time counted, and when the target is reached. */
interface Counted {
  /** Business ms counted in [from, until). */
  elapsed: number;
  /** The instant the target was or will be reached; undefined while paused with time left. */
  dueAt: number | undefined;
}

/**
 * The business time counted in [from, until) outside the excluded segments (pauses, closed
 * spans), and the instant at which `target` business ms have been counted from `from` given the
 * exclusions up to now — in one walk, each part on the calendar in force then: counting and
 * finding the due instant had walked the same segments and asked the calendar twice per part.
 * `until` is at most `now`.
 */
function countFrom(
  spans: readonly CalendarSpan[],
  segments: readonly Segment[] | undefined,
  from: number,
  until: number,
  target: number,
  now: number,
  out: Counted,
): Counted {
  const current = (spans[spans.length - 1] as CalendarSpan).calendar;
  if (!segments && spans.length === 1) {
    out.elapsed = until > from ? current.between(from, until) : 0;
    out.dueAt = current.add(from, target);
    return out;
  }
  const parts = segments ?? [{ from, to: Math.max(from, now), paused: false }];
  let elapsed = 0;
  let sum = 0;
  let lastEnd = from;
  let found = false;
  let dueAt: number | undefined;
  for (const s of parts) {
    if (s.to <= from) continue;
    const a = Math.max(s.from, from);
    lastEnd = s.to;
    if (s.paused) continue;
    for (let i = 0; i < spans.length; i++) {
      const pa = i === 0 ? a : Math.max(a, (spans[i] as CalendarSpan).from);
      const pb = Math.min(s.to, spans[i + 1]?.from ?? s.to);
      if (pb <= pa) continue;
      const calendar = (spans[i] as CalendarSpan).calendar;
      // Counted only up to `until` (a clock that stopped), the due instant over the whole part.
      const end = Math.min(pb, until);
      if (found) {
        if (end > pa) elapsed += calendar.between(pa, end);
        continue;
      }
      const part = calendar.between(pa, pb);
      if (end > pa) elapsed += end === pb ? part : calendar.between(pa, end);
      if (sum + part >= target) {
        dueAt = calendar.add(pa, target - sum);
        found = true;
      } else {
        sum += part;
      }
    }
  }
  if (!found) {
    const pausedNow = parts.length > 0 && (parts[parts.length - 1] as Segment).paused && lastEnd >= now;
    dueAt = pausedNow ? undefined : current.add(Math.max(lastEnd, now), target - sum);
  }
  out.elapsed = elapsed;
  out.dueAt = dueAt;
  return out;
}

/** A clock the rules set for one priority level, with what counting it needs looked up once. */
interface ClockPlan {
  rule: ClockRule;
  kind: ClockKindModule;
  target: Duration;
  /** The calendar of the level. */
  calendar: Calendar;
  /** The target in business ms on that calendar. */
  targetMs: number;
  /** `sla.<clock>`, the rule of its trace entry: made once, not per evaluation. */
  traceRule: string;
}

/** The clocks of each priority level, per compiled clock list: the same few on every evaluation. */
const plansByClocks = new WeakMap<readonly ClockRule[], Map<string, readonly ClockPlan[]>>();

/** The clocks a level has (a target and a calendar), in the rules' order. */
function clockPlans(clocks: readonly ClockRule[], priority: string): readonly ClockPlan[] {
  let byLevel = plansByClocks.get(clocks);
  if (byLevel === undefined) plansByClocks.set(clocks, (byLevel = new Map<string, readonly ClockPlan[]>()));
  let plans = byLevel.get(priority);
  if (plans === undefined) {
    const made: ClockPlan[] = [];
    for (const rule of clocks) {
      const target = rule.targets.get(priority);
      const calendar = rule.calendars.get(priority);
      if (!target || !calendar) continue;
      made.push({ rule, kind: CLOCK_KINDS[rule.kind], target, calendar, targetMs: target.ms + target.businessDays * calendar.dayMs, traceRule: `sla.${rule.name}` });
    }
    plans = made;
    if (byLevel.size > 1_000) byLevel.clear();
    byLevel.set(priority, plans);
  }
  return plans;
}

/** Segments with the closed spans marked paused (merged where adjacent and alike). */
function markClosed(segments: readonly Segment[], closed: readonly { from: number; to: number }[]): Segment[] {
  const out: Segment[] = [];
  const push = (from: number, to: number, paused: boolean) => {
    if (to <= from) return;
    const last = out[out.length - 1];
    if (last && last.paused === paused && last.to === from) last.to = to;
    else out.push({ from, to, paused });
  };
  for (const s of segments) {
    let t = s.from;
    for (const c of closed) {
      if (c.to <= t || c.from >= s.to) continue;
      push(t, c.from, s.paused);
      push(Math.max(t, c.from), Math.min(s.to, c.to), true);
      t = Math.min(s.to, c.to);
    }
    push(t, s.to, s.paused);
  }
  return out;
}

/**
 * The issue's resolution cycles under the rules: a reopen by the tool or by other automation, or
 * one within `sla.reopen-grace` of the close, continues the cycle — closing and reopening can
 * neither reset a clock nor clear a breach.
 */
export function cyclesFor(facts: Facts): Cycle[] {
  // Clocks, labels and escalation of an evaluation ask in turn: once per evaluation and issue.
  const cached = facts.memo.cycles;
  if (cached !== undefined && cached.issue === facts.issue) return cached.cycles;
  const { rules } = facts;
  const grace = rules.sla.reopenGraceMs;
  const cycles = cyclesOf(facts.issue, (closedAt, reopen) => (reopen.actor !== undefined && isBot(rules, reopen.actor)) || (grace > 0 && reopen.at - closedAt <= grace));
  facts.memo.cycles = { issue: facts.issue, cycles };
  return cycles;
}

/**
 * The smallest whole number of ms at which `share` of `target` is reached. Integer arithmetic on
 * millionths of the share: `67%` of 100 m is 67 m exactly, where 0.67 × 6e6 in floating point
 * is a hair above it.
 */
function thresholdMs(target: number, share: number): number {
  const ppm = Math.round(share * 1_000_000);
  const whole = Math.floor(target / 1_000_000);
  const rest = target - whole * 1_000_000;
  return whole * ppm + Math.ceil((rest * ppm) / 1_000_000);
}

function isTeamResponse(facts: Facts, comment: Comment): boolean {
  return comment.public && comment.key === undefined && comment.author.id !== facts.issue.author.id && facts.roleOf(comment.author) === "team";
}

function stateOf(elapsed: number, target: number, warnAt: number, running: boolean, paused: boolean): ClockReport["state"] {
  if (elapsed >= target) return "breached";
  if (!running) return "met";
  if (paused) return "paused";
  return elapsed >= thresholdMs(target, warnAt) ? "at-risk" : "running";
}

export function computeClocks(facts: Facts): ClockDetail[] {
  const { issue, rules, now } = facts;
  // Without a creation time (a snapshot that lacks it) no clock can be computed honestly.
  if (!(issue.createdAt > 0)) {
    facts.trace.push({ rule: RULE, fired: false, notes: ["the issue has no creation time; no clocks"] });
    return [];
  }
  const explain = facts.context.explain === true;
  // Instants are shown only in explain notes: the zone is looked up then, once.
  let zone: string | undefined;
  const iso = (t: number) => formatInstant(t, (zone ??= displayZone(rules)));
  const details: ClockDetail[] = [];
  const sla = rules.sla;
  let segments: Segment[] | undefined;
  const cycles = cyclesFor(facts);
  const cycle = cycles[cycles.length - 1] as Cycle;
  const closed = closedSpans(cycles, now);
  // The team's responses, read as far as a clock asks: a level without update clocks needs only the first.
  let responses: Comment[] | undefined;
  const allResponses = (): readonly Comment[] => (responses ??= issue.comments.filter((c) => isTeamResponse(facts, c)));
  const firstResponse = (): Comment | undefined => {
    if (responses !== undefined) return responses[0];
    for (const c of issue.comments) if (isTeamResponse(facts, c)) return c;
    return undefined;
  };
  const periods = priorityPeriods(issue, rules, facts.priority, now);
  // The instant the priority last changed to the current level; a breach counts from no earlier.
  const changedAt = periods.length > 1 ? (periods[periods.length - 1] as (typeof periods)[number]).from : undefined;
  let single: CalendarSpan[] | undefined;
  const counting: Counted = { elapsed: 0, dueAt: undefined };
  // What every clock kind is shown, made once: only the rule differs from clock to clock (the
  // kinds read the moment and keep nothing of it).
  const moment: ClockMoment = {
    issue,
    rule: sla.clocks[0] as ClockRule,
    cycle,
    firstResponse,
    responses: allResponses,
    hasLabel: (label) => facts.labels.has(label),
    now,
    explain,
    iso,
    negativeFeedback: () => negativeFeedback(facts),
  };

  for (const { rule, kind, target, calendar, targetMs, traceRule } of clockPlans(sla.clocks, facts.priority)) {
    segments ??= pauseSegments(facts, sla.pauseWhen);
    moment.rule = rule;
    const { start, stop, cycle: cycleIndex, period, applicable, notes } = kind.measure(moment);
    if (!applicable) {
      // A clock owed only now and then (the feedback follow-up) is not reported in between.
      if (kind.quietUntilOwed === true) continue;
      details.push({
        report: { clock: rule.name, state: "not-applicable", cycle: cycleIndex, target: target.text, targetMs, calendar: calendar.name },
        rule,
        calendar,
        running: false,
        dueAt: undefined,
        notes,
        period,
        startedAt: start,
        traceRule,
      });
      continue;
    }
    const usePauses = rule.pauses && sla.pauseWhen !== undefined;
    // What is owed only while the issue is open (first response, updates) skips its closed spans.
    const skipClosed = kind.openOnly && closed.length > 0;
    const excluded = skipClosed
      ? markClosed(usePauses ? segments : [{ from: issue.createdAt, to: Math.max(now, issue.createdAt), paused: false }], closed)
      : usePauses
        ? segments
        : undefined;
    const pausedNow = excluded !== undefined && (excluded[excluded.length - 1]?.paused ?? false);
    // One priority period (the usual case): the clocks on one calendar share their one span.
    let spans: CalendarSpan[];
    if (periods.length === 1) {
      if (single === undefined || (single[0] as CalendarSpan).calendar !== calendar) single = [{ from: (periods[0] as PriorityPeriod).from, calendar }];
      spans = single;
    } else {
      spans = [];
      for (const p of periods) {
        const cal = rule.calendars.get(p.level) ?? calendar;
        if (spans[spans.length - 1]?.calendar !== cal) spans.push({ from: p.from, calendar: cal });
      }
    }
    const end = stop ?? now;
    const { elapsed, dueAt } = countFrom(spans, excluded, start, Math.min(end, now), targetMs, now, counting);
    const running = stop === undefined || stop > now;
    const state = stateOf(elapsed, targetMs, sla.warnAt, running, pausedNow);
    const breachedAt = state === "breached" && dueAt !== undefined ? Math.max(dueAt, changedAt ?? dueAt) : undefined;
    if (explain) {
      // The intervals counted, each with the business time the calendar gives it.
      const until = Math.min(end, now);
      const intervals = (excluded ? excluded.filter((x) => !x.paused) : [{ from: start, to: until }])
        .map((x) => ({ from: Math.max(x.from, start), to: Math.min(x.to, until) }))
        .filter((x) => x.to > x.from);
      const shown = intervals.slice(-6);
      if (shown.length > 0) {
        notes.push(
          `counted ${intervals.length > shown.length ? `(last ${shown.length} of ${intervals.length}) ` : ""}${shown
            .map((x) => `${iso(x.from)} → ${iso(x.to)} (${formatDuration(between(spans, x.from, x.to), calendar)})`)
            .join(", ")}`,
        );
      }
      const pauses = excluded ? excluded.filter((x) => x.paused && x.to > start) : [];
      if (pauses.length > 0) notes.push(`${skipClosed ? "paused or closed" : "paused"} ${pauses.map((p) => `${iso(p.from)} → ${iso(p.to)}`).join(", ")}`);
      if (spans.length > 1) notes.push(`priority changed: counted on ${spans.map((x) => `${x.calendar.name} from ${iso(Math.max(x.from, start))}`).join(", then ")}`);
    }
    if (explain) notes.push(
      `${formatDuration(elapsed, calendar)} of ${target.text} counted on ${calendar.describe()}${
        dueAt === undefined ? "" : `; due ${iso(dueAt)}`
      }; ${elapsed >= targetMs ? `over by ${formatDuration(elapsed - targetMs, calendar)}` : `${formatDuration(targetMs - elapsed, calendar)} left`}`,
    );
    // Optional fields set in place (in this order), not spread from temporary objects.
    const report: ClockReport = { clock: rule.name, state, cycle: cycleIndex, target: target.text, targetMs, elapsedMs: elapsed, calendar: calendar.name };
    if (dueAt !== undefined && Number.isFinite(dueAt)) report.dueAt = dueAt;
    if (stop !== undefined && stop <= now) {
      report.stoppedAt = stop;
      if (Number.isFinite(start)) report.startedAt = start;
    }
    if (breachedAt !== undefined && Number.isFinite(breachedAt)) report.breachedAt = breachedAt;
    details.push({
      report,
      rule,
      calendar,
      running,
      dueAt,
      notes,
      period,
      startedAt: start,
      traceRule,
    });
  }
  return details;
}


/**
 * Hidden key of a clock's breach notice: one per clock per cycle (per update period). Built only
 * for a clock that is breached, not for every clock of every evaluation.
 */
const breachNoticeKey = (d: ClockDetail): string => `sla-breach/${d.rule.name}/cycle-${d.report.cycle}${d.period > 0 ? `/update-${d.period}` : ""}`;

/** Clock titles per rules: the same few names on every evaluation. */
const titles = new WeakMap<Facts["rules"], Map<string, string>>();

/** The clock's name in the rules' locale. */
export function clockTitle(facts: Facts, clock: string): string {
  let byName = titles.get(facts.rules);
  if (byName === undefined) titles.set(facts.rules, (byName = new Map<string, string>()));
  let title = byName.get(clock);
  if (title === undefined) {
    const text = message(facts.rules, `clock.${clock}`);
    title = text === `clock.${clock}` ? clock : text;
    byName.set(clock, title);
  }
  return title;
}

/**
 * Labels and breach comments for the clocks. A breach stays on record for its cycle: the
 * breached label stays while any clock of the current cycle is breached — also one that has
 * stopped since (answered late, mitigated late) — and a close does not take it off (the label
 * records how the cycle went). A new cycle (a reopen by a person after the grace period) is
 * judged by its own clocks; its predecessor's breach notice stays on the issue.
 */
export function applySla(facts: Facts, plan: PlanWriter, details: readonly ClockDetail[]): void {
  const { rules, issue } = facts;
  const sla = rules.sla;
  const open = issue.state === "open";
  const cycles = cyclesFor(facts);
  const cycle = (cycles[cycles.length - 1] as Cycle).index;
  // A follow-up owed after the close (feedback) runs on while the issue is closed. One pass.
  const breached: ClockDetail[] = [];
  const atRisk: ClockDetail[] = [];
  const onRecord: ClockDetail[] = [];
  for (const d of details) {
    const state = d.report.state;
    if (state !== "breached" && state !== "at-risk") continue;
    const live = d.running && (open || CLOCK_KINDS[d.rule.kind].whileClosed === true);
    if (state === "at-risk") {
      if (live) atRisk.push(d);
      continue;
    }
    if (live) breached.push(d);
    if (d.running || d.report.cycle === cycle) onRecord.push(d);
  }

  if (open) {
    if (onRecord.length > 0) {
      let names = (onRecord[0] as ClockDetail).rule.name;
      for (let i = 1; i < onRecord.length; i++) names += `, ${(onRecord[i] as ClockDetail).rule.name}`;
      plan.addLabels([sla.breachedLabel], RULE, `breached: ${names}`);
    }
    else plan.removeLabels([sla.breachedLabel], RULE, "no clock of this cycle is breached");
  }
  if (atRisk.length > 0 && onRecord.length === 0) plan.addLabels([sla.atRiskLabel], RULE, `at risk: ${atRisk.map((d) => d.rule.name).join(", ")}`);
  else plan.removeLabels([sla.atRiskLabel], RULE, onRecord.length > 0 ? "breached, not at risk" : "no running clock is at risk");

  for (const d of breached) {
    // In the business days of the clock's calendar, never as 24-hour days.
    const shown = { dayMs: d.calendar.dayMs, locale: rules.locale };
    const overrunMs = (d.report.elapsedMs ?? 0) - (d.report.targetMs ?? 0);
    const overrun = formatDuration(overrunMs, shown);
    const notice = CLOCK_KINDS[d.rule.kind].notice;
    // A reminder is for whoever owns the work: the assignees.
    const mentions = notice === "breach" ? [] : issue.assignees.map((p) => p.id);
    const body =
      notice !== "breach"
        ? message(rules, notice === "update-due" ? "sla.update-due" : "feedback.follow-up-due", { priority: facts.priority, target: d.report.target ?? "", since: formatDuration(d.report.elapsedMs ?? 0, shown) })
        : message(rules, "sla.breach", {
            clock: clockTitle(facts, d.rule.name),
            priority: facts.priority,
            target: d.report.target ?? "",
            overrun,
            calendar: d.calendar.name,
          });
    // The reason in English: the overrun as said above when the rules speak English.
    const overrunEn = rules.locale === "en" ? overrun : formatDuration(overrunMs, d.calendar);
    plan.commentOnce(breachNoticeKey(d), body, mentions, RULE, `${d.rule.name} breached (${overrunEn} over ${d.report.target})`);
  }
  for (const d of details) {
    const notes = d.notes.length === 0 ? [d.report.state as string] : [d.report.state, ...d.notes];
    facts.trace.push({ rule: d.traceRule, fired: d.report.state === "breached" && d.running, notes });
  }
}
