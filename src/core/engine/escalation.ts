/**
 * The escalation ladder (DESIGN §2.5): after a breach, level n fires once the sum of the `after`
 * delays up to n has passed; each level fires once per cycle (its keyed comment is the ledger);
 * an acknowledgement by a person escalated to (`/ack`) or an ack label stops the ladder. A P1
 * with no root cause noted soon enough after the first response escalates too.
 */
import { formatDuration } from "../rules/duration.ts";
import type { EscalationLevelRule } from "../rules/rules.ts";
import { formatInstant, displayZone } from "../text/format-instant.ts";
import { message } from "../text/messages.ts";
import type { Facts } from "./facts.ts";
import { cyclesOf } from "./history.ts";
import type { PlanBuilder } from "./plan-builder.ts";
import { pickMember, resolvePeople } from "./routing.ts";
import { clockTitle, type ClockDetail } from "./sla.ts";

const RULE = "escalation";

const levelKey = (cycle: number, level: number) => `escalation/cycle-${cycle}/level-${level}`;

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

export function applyEscalation(facts: Facts, plan: PlanBuilder, clocks: readonly ClockDetail[]): void {
  const { issue, rules, now } = facts;
  const esc = rules.escalation;
  if (esc.levels.length === 0 || issue.state !== "open") return;
  const cycles = cyclesOf(issue);
  const cycle = (cycles[cycles.length - 1] as (typeof cycles)[number]).index;
  const cycleStart = (cycles[cycles.length - 1] as (typeof cycles)[number]).start;
  const notes: string[] = [];

  if (esc.ackLabels.some((l) => facts.labels.has(l))) {
    facts.trace.push({ rule: RULE, fired: false, notes: ["acknowledged by label; the ladder stops"] });
    return;
  }

  // The breach that drives the ladder: the earliest running breached clock.
  const breached = clocks
    .filter((d) => d.running && d.report.state === "breached" && (esc.clocks === undefined || esc.clocks.has(d.rule.name)))
    .filter((d) => d.dueAt !== undefined)
    .sort((a, b) => (a.dueAt as number) - (b.dueAt as number))[0];

  let wanted = 0;
  let trigger: { at: number; body: (level: EscalationLevelRule) => string; why: () => string } | undefined;
  if (breached) {
    const breachAt = breached.dueAt as number;
    let at = breachAt;
    for (const level of esc.levels) {
      at += level.afterMs;
      if (now >= at) wanted = level.level;
    }
    const overrun = formatDuration((breached.report.elapsedMs ?? 0) - (breached.report.targetMs ?? 0));
    trigger = {
      at: breachAt,
      // Formatting an instant is costly; only done when a note or an operation needs it.
      why: () => `${breached.rule.name} breached at ${formatInstant(breachAt, displayZone(rules))}`,
      body: (level) =>
        message(rules, "escalation.level", {
          level: level.level,
          clock: clockTitle(facts, breached.rule.name),
          priority: facts.priority,
          overrun,
          target: breached.report.target ?? "",
          ack: esc.ackCommand,
        }),
    };
    if (facts.context.explain) notes.push(`${trigger.why()}; levels due by now: ${wanted}`);
  }

  // P1 with no root cause within the window after the first response.
  const rc = esc.rootCause;
  if (rc && rc.priorities.has(facts.priority)) {
    const response = clocks.find((d) => d.rule.kind === "response")?.report;
    const respondedAt = response?.stoppedAt !== undefined && response.stoppedAt >= cycleStart ? response.stoppedAt : undefined;
    if (respondedAt !== undefined && now >= respondedAt + rc.withinMs && facts.answer(rc.field) === undefined && wanted < rc.level) {
      wanted = rc.level;
      trigger = {
        at: respondedAt + rc.withinMs,
        why: () => `no ${rc.field} within ${rc.within} of the first response`,
        body: (level) =>
          message(rules, "escalation.root-cause", { level: level.level, within: rc.within, priority: facts.priority, ack: esc.ackCommand }),
      };
      notes.push(trigger.why());
    }
  }

  if (!trigger || wanted === 0) {
    facts.trace.push({ rule: RULE, fired: false, notes: notes.length > 0 ? notes : ["no breach drives the ladder"] });
    return;
  }

  // Acknowledged? `/ack` after the breach by anyone the ladder escalates to — also when a person
  // escalated by hand before the tool did.
  const escalatedTo = new Set<string>();
  for (const level of esc.levels) {
    const people = peopleOf(level, facts);
    for (const id of [...people.assign, ...people.mention, ...resolvePeople(level.assign, facts)]) escalatedTo.add(id);
  }
  const command = esc.ackCommand.toLowerCase();
  // Since the ladder first fired in this cycle, or since this breach if it has not fired yet.
  const firedAt = esc.levels.map((l) => facts.ownComment(levelKey(cycle, l.level))?.createdAt).filter((t): t is number => t !== undefined);
  const since = Math.max(Math.min(trigger.at, ...firedAt), cycleStart);
  const ack = issue.comments.find(
    (c) =>
      c.createdAt >= since &&
      c.key === undefined &&
      escalatedTo.has(c.author.id) &&
      c.body.split(/\r?\n/).some((line) => line.trim().toLowerCase().startsWith(command)),
  );
  if (ack) {
    facts.trace.push({ rule: RULE, fired: false, notes: [...notes, `acknowledged by ${ack.author.id} (${esc.ackCommand}); the ladder stops`] });
    return;
  }
  let changed = false;
  for (const level of esc.levels) {
    if (level.level > wanted) break;
    if (facts.ownComment(levelKey(cycle, level.level))) continue;
    const people = peopleOf(level, facts);
    if (people.assign.length === 0 && people.mention.length === 0 && level.labels.length === 0) {
      notes.push(`level ${level.level}: nobody named to escalate to (name them under groups)`);
      continue;
    }
    const assignees = new Set(issue.assignees.map((p) => p.id));
    const assign = people.assign.filter((id) => !assignees.has(id));
    if (assign.length > 0) plan.push({ kind: "assign", assignees: assign, rule: RULE, reason: `escalation level ${level.level}` });
    if (level.labels.length > 0) plan.addLabels(level.labels, RULE, `escalation level ${level.level}`);
    plan.commentOnce(levelKey(cycle, level.level), trigger.body(level), [...new Set([...people.assign, ...people.mention])], RULE, `level ${level.level}: ${trigger.why()}`);
    notes.push(`level ${level.level} fires`);
    changed = true;
  }
  facts.trace.push({ rule: RULE, fired: changed, notes });
}
