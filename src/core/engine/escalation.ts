/**
 * The escalation ladder: after a breach, level 1 fires `after` its delay past the
 * instant the breach counts from (the due instant, or a later priority change), and each further
 * level `after` its delay past the previous level's notice — one level at a time, never two
 * notices at once for a breach the tool learns of late. Each level fires once per cycle (its
 * keyed comment is the ledger); an acknowledgement by a person escalated to (`/ack`) or an ack
 * label stops the ladder. A level whose people are all missing (empty groups) posts nothing and
 * is reported as a notice. A P1 with no root cause noted soon enough after the first response
 * escalates too. A level's `notify:` channels get its notice once each (keyed per clock, cycle and
 * level, recorded after the send); channels in `reminders` are told when a progress update falls
 * due; and a pager's incident is resolved once the breach is over or the issue is closed.
 */
import { formatDuration, instantAfter, type BusinessDays } from "../rules/duration.ts";
import type { EscalationLevelRule } from "../rules/rules.ts";
import { formatInstant, displayZone } from "../text/format-instant.ts";
import { message } from "../text/messages.ts";
import type { Facts } from "./facts.ts";
import type { PlanBuilder } from "./plan-builder.ts";
import { pickMember, resolvePeople } from "./routing.ts";
import { clockTitle, cyclesFor, type ClockDetail } from "./sla.ts";
import { assignable } from "./capabilities.ts";
import { breachNotice, reminderNotice, resolvedNotice, rootCauseNotice } from "../channels/clock-notices.ts";
import { levelNoticeKey, reminderNoticeKey } from "../channels/notice-keys.ts";
import { planNotices, planResolves, recordedKeys, type NoticeContent } from "../channels/plan-notify.ts";

const RULE = "escalation";

const ASCII = /^[\x20-\x7e]*$/;

/** A command as comments are searched for it: in lower case, whether ASCII, and a character of it that is no letter. */
interface CommandForm {
  wanted: string;
  ascii: boolean;
  /** An ASCII digit or sign of the command (`/` of `/ack`): only that very character lower-cases to it. */
  anchor: string | undefined;
}

/** The few commands of the rules, each worked out once (bounded all the same). */
const commandForms = new Map<string, CommandForm>();

function commandForm(command: string): CommandForm {
  let form = commandForms.get(command);
  if (form === undefined) {
    const wanted = command.toLowerCase();
    form = { wanted, ascii: ASCII.test(wanted), anchor: /[\x20-\x40\x5b-\x60\x7b-\x7e]/.exec(wanted)?.[0] };
    if (commandForms.size > 100) commandForms.clear();
    commandForms.set(command, form);
  }
  return form;
}

/** Level keys of the first cycles, made once: each evaluation asks for them up to three times per level. */
const levelKeys: string[][] = [];

const levelKey = (cycle: number, level: number): string => {
  const small = (n: number): boolean => Number.isInteger(n) && n >= 0 && n < 64;
  if (!small(cycle) || !small(level)) return `escalation/cycle-${cycle}/level-${level}`;
  const byLevel = (levelKeys[cycle] ??= []);
  return (byLevel[level] ??= `escalation/cycle-${cycle}/level-${level}`);
};

/** People a level notifies or assigns, as ids of the issue's tracker. */
function peopleOf(level: EscalationLevelRule, facts: Facts): { assign: string[]; mention: string[] } {
  const assign: string[] = [];
  for (const name of level.assign) {
    const group = facts.rules.groups.get(name);
    if (group) {
      const member = pickMember(group, facts);
      if (member) assign.push(member);
    } else {
      assign.push(name);
    }
  }
  return { assign, mention: resolvePeople(level.mention, facts) };
}

/** Only for `after`/`within` without `bd`, when no clock gives a calendar. */
const WALL: BusinessDays = { dayMs: 86_400_000, add: (start, ms) => start + ms };

/** Is any clock of the cycle still breached and running (an incident still burning)? */
const burning = (clocks: readonly ClockDetail[], cycle: number): boolean => clocks.some((d) => d.running && d.report.state === "breached" && d.report.cycle === cycle);

/** The reminders of progress updates that fell due, through the channels of `escalation.reminders`. */
function applyReminders(facts: Facts, plan: PlanBuilder, clocks: readonly ClockDetail[]): void {
  const channels = facts.rules.escalation.reminders;
  if (channels.length === 0) return;
  for (const d of clocks) {
    if (d.rule.kind !== "update" || !d.running || d.report.state !== "breached") continue;
    const period = d.period;
    planNotices(facts, plan, channels, (ch) => reminderNoticeKey(ch, d.rule.name, d.report.cycle, period), () => reminderNotice(facts, d), {
      rule: RULE,
      reason: `${d.rule.name} due (update ${period})`,
    });
  }
}

export function applyEscalation(facts: Facts, plan: PlanBuilder, clocks: readonly ClockDetail[]): void {
  const { issue, rules, now } = facts;
  const esc = rules.escalation;
  if (rules.channels.size === 0 && (esc.levels.length === 0 || issue.state !== "open")) return;
  const cycles = cyclesFor(facts);
  const cycle = (cycles[cycles.length - 1] as (typeof cycles)[number]).index;
  // An incident a pager was paged for ends with its breach (a late root cause: once noted), or with the issue.
  // The field is read (its section parsed) only for a cycle a late root cause was notified in.
  // Only a recorded notice can be resolved: most issues have none, and their evaluation makes
  // none of the callbacks below (planResolves would return at once).
  if (rules.channels.size > 0 && recordedKeys(facts).size > 0) {
    const rca = esc.rootCause;
    const lateIn = (c: number): boolean => {
      if (rca === undefined || !rca.priorities.has(facts.priority)) return false;
      const marker = `/root-cause/cycle-${c}/`;
      for (const key of recordedKeys(facts)) if (key.includes(marker)) return facts.answer(rca.field) === undefined;
      return false;
    };
    planResolves(facts, plan, (c) => issue.state !== "open" || c < cycle || (!burning(clocks, c) && !lateIn(c)), () => resolvedNotice(facts));
  }
  if (esc.levels.length === 0 && esc.reminders.length === 0) return;
  if (issue.state !== "open") return;
  applyReminders(facts, plan, clocks);
  if (esc.levels.length === 0) return;
  const cycleStart = (cycles[cycles.length - 1] as (typeof cycles)[number]).start;
  const notes: string[] = [];
  const first = esc.levels[0];
  const firstDue = (t: { at: number; calendar: BusinessDays }) => (first ? instantAfter(t.at, first.afterDuration, t.calendar) : Infinity);

  if (esc.ackLabels.some((l) => facts.labels.has(l))) {
    facts.trace.push({ rule: RULE, fired: false, notes: ["acknowledged by label; the ladder stops"] });
    return;
  }

  // The breach that drives the ladder: the earliest running breached clock.
  let breached: ClockDetail | undefined;
  for (const d of clocks) {
    if (!d.running || d.report.state !== "breached" || d.dueAt === undefined || (esc.clocks !== undefined && !esc.clocks.has(d.rule.name))) continue;
    // The first of the earliest, as a stable sort would give.
    if (breached === undefined || d.dueAt < (breached.dueAt as number)) breached = d;
  }

  // `bd` in `after`/`within` counts on the calendar of the clock that drives the ladder.
  let trigger:
    | { at: number; upTo: number; calendar: BusinessDays; clock: string; body: (level: EscalationLevelRule) => string; notice: (level: EscalationLevelRule) => NoticeContent; why: () => string }
    | undefined;
  if (breached) {
    // From the due instant, or from a priority change that made the issue breached at once.
    // (dueAt is known: clocks without one were filtered out above.)
    const breachAt = breached.report.breachedAt ?? breached.dueAt ?? Infinity;
    let breachWhy: string | undefined;
    trigger = {
      at: breachAt,
      upTo: Infinity,
      calendar: breached.calendar,
      clock: breached.rule.name,
      notice: (level) => breachNotice(facts, breached, clockTitle(facts, breached.rule.name), level.level, cycle),
      // Formatting an instant is costly; only done when a note or an operation needs it, and once.
      why: () => (breachWhy ??= `${breached.rule.name} breached at ${formatInstant(breachAt, displayZone(rules))}`),
      body: (level) =>
        message(rules, "escalation.level", {
          level: level.level,
          clock: clockTitle(facts, breached.rule.name),
          priority: facts.priority,
          overrun: formatDuration((breached.report.elapsedMs ?? 0) - (breached.report.targetMs ?? 0), { dayMs: breached.calendar.dayMs, locale: rules.locale }),
          target: breached.report.target ?? "",
          ack: esc.ackCommand,
        }),
    };
    if (facts.context.explain) notes.push(trigger.why());
  }

  // P1 with no root cause within the window after the first response.
  const rc = esc.rootCause;
  if (rc && rc.priorities.has(facts.priority) && (!trigger || now < firstDue(trigger))) {
    const responseClock = clocks.find((d) => d.rule.kind === "response");
    const response = responseClock?.report;
    const respondedAt = response?.stoppedAt !== undefined && response.stoppedAt >= cycleStart ? response.stoppedAt : undefined;
    const calendar: BusinessDays = responseClock?.calendar ?? WALL;
    const lateAt = respondedAt === undefined ? undefined : instantAfter(respondedAt, rc.withinDuration, calendar);
    if (lateAt !== undefined && now >= lateAt && facts.answer(rc.field) === undefined) {
      trigger = {
        at: lateAt,
        upTo: rc.level,
        calendar,
        clock: "root-cause",
        notice: (level) => rootCauseNotice(facts, rc.within, level.level, cycle),
        why: () => `no ${rc.field} within ${rc.within} of the first response`,
        body: (level) =>
          message(rules, "escalation.root-cause", { level: level.level, within: rc.within, priority: facts.priority, ack: esc.ackCommand }),
      };
      notes.push(trigger.why());
    }
  }

  if (!trigger || now < firstDue(trigger)) {
    facts.trace.push({ rule: RULE, fired: false, notes: notes.length > 0 ? notes : ["no breach drives the ladder"] });
    return;
  }

  // Acknowledged? `/ack` after the breach by anyone the ladder escalates to — also when a person
  // escalated by hand before the tool did.
  // Who the ladder escalates to is worked out only once a comment carries the command.
  const peopleByLevel = new Map<EscalationLevelRule, { assign: string[]; mention: string[] }>();
  let escalatedTo: Set<string> | undefined;
  const isEscalatedTo = (id: string): boolean => {
    if (escalatedTo === undefined) {
      escalatedTo = new Set<string>();
      for (const level of esc.levels) {
        const people = peopleOf(level, facts);
        peopleByLevel.set(level, people);
        for (const person of [...people.assign, ...people.mention, ...resolvePeople(level.assign, facts)]) escalatedTo.add(person);
      }
    }
    return escalatedTo.has(id);
  };
  // Since the ladder first fired in this cycle, or since this breach if it has not fired yet.
  let firstFired = trigger.at;
  for (const l of esc.levels) {
    const at = facts.ownComment(levelKey(cycle, l.level))?.createdAt;
    if (at !== undefined && at < firstFired) firstFired = at;
  }
  const since = Math.max(firstFired, cycleStart);
  const ack = issue.comments.find(
    (c) => c.createdAt >= since && c.key === undefined && hasCommand(c.body, esc.ackCommand) && isEscalatedTo(c.author.id),
  );
  if (ack) {
    facts.trace.push({ rule: RULE, fired: false, notes: [...notes, `acknowledged by ${ack.author.id} (${esc.ackCommand}); the ladder stops`] });
    return;
  }
  let changed = false;
  // Level n is due `after` its delay past both its place on the schedule and the previous
  // level's notice: one notice at a time, each with its delay to be answered.
  let scheduled = trigger.at;
  let previous = trigger.at;
  for (const level of esc.levels) {
    if (level.level > trigger.upTo) break;
    scheduled = instantAfter(scheduled, level.afterDuration, trigger.calendar);
    const due = Math.max(scheduled, instantAfter(previous, level.afterDuration, trigger.calendar));
    if (now < due) {
      if (facts.context.explain) notes.push(`level ${level.level} due ${formatInstant(due, displayZone(rules))}`);
      break;
    }
    const fired = trigger;
    const notify = (): void =>
      planNotices(facts, plan, level.notify, (ch) => levelNoticeKey(ch, fired.clock, cycle, level.level), () => fired.notice(level), {
        rule: RULE,
        reason: () => `level ${level.level}: ${fired.why()}`,
      });
    const own = facts.ownComment(levelKey(cycle, level.level));
    if (own) {
      // Fired already: a notice not sent yet (quiet hours, a failed channel) goes now.
      notify();
      previous = own.createdAt;
      continue;
    }
    const people = peopleByLevel.get(level) ?? peopleOf(level, facts);
    // Channels that are on count as someone to reach; those switched off do not.
    const reaches = level.notify.some((name) => rules.channels.has(name));
    if (people.assign.length === 0 && people.mention.length === 0 && !reaches) {
      // Nobody to reach (empty groups): no comment that names no one; the labels still apply,
      // unless a person has taken them off since the level fell due.
      const labels =
        level.labels.length === 0
          ? level.labels
          : level.labels.filter((l) => !issue.history.some((e) => e.kind === "unlabeled" && e.at >= due && e.label.toLowerCase() === l.toLowerCase()));
      if (labels.length > 0) plan.addLabels(labels, RULE, `escalation level ${level.level} (nobody to notify)`);
      const text = `escalation level ${level.level} fell due but names nobody to reach: nothing posted`;
      plan.notice({ kind: "escalation-nobody", level: level.level, cycle, message: text });
      notes.push(text);
      previous = due;
      continue;
    }
    const assign = assignable(issue, people.assign).filter((id) => !issue.assignees.some((p) => p.id === id));
    if (assign.length > 0) plan.push({ kind: "assign", assignees: assign, rule: RULE, reason: `escalation level ${level.level}` });
    if (level.labels.length > 0) plan.addLabels(level.labels, RULE, `escalation level ${level.level}`);
    const mentions: string[] = [];
    for (const id of people.assign) if (!mentions.includes(id)) mentions.push(id);
    for (const id of people.mention) if (!mentions.includes(id)) mentions.push(id);
    plan.commentOnce(levelKey(cycle, level.level), trigger.body(level), mentions, RULE, `level ${level.level}: ${trigger.why()}`);
    notify();
    notes.push(`level ${level.level} fires`);
    changed = true;
    previous = now;
  }
  facts.trace.push({ rule: RULE, fired: changed, notes });
}

/**
 * Does a line of the comment start with the command as a word? `/ack` and `/ack on it` do;
 * `/acknowledge-later` and `/ack-later` do not.
 */
export function hasCommand(body: string, command: string): boolean {
  const { wanted, ascii, anchor } = commandForm(command);
  // Most comments do not name the command at all. No character but itself lower-cases to a
  // digit or an ASCII sign, so a comment without the command's `/` has it on no line: found
  // without lower-casing (a copy of) every comment of the issue.
  if (anchor !== undefined && !body.includes(anchor)) return false;
  // Lower-casing the whole text keeps every ASCII letter that lower-casing a line does (only a
  // Greek sigma reads its context), so an ASCII command absent from it is on no line.
  if (ascii && !body.toLowerCase().includes(wanted)) return false;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim().toLowerCase();
    if (!line.startsWith(wanted)) continue;
    const next = line.charAt(wanted.length);
    if (next === "" || !/[\p{L}\p{N}_\-/]/u.test(next)) return true;
  }
  return false;
}
