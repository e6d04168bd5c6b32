/**
 * What the notices about clocks say through channels: short, in the rule file's locale, with the
 * issue's link, the clock, the target, the overrun and the priority. Text from the issue (its
 * title) has its mentions neutralised, as everything the tool writes.
 */
import type { Facts } from "../engine/facts.ts";
import type { ClockReport } from "../plan.ts";
import { formatDuration } from "../rules/duration.ts";
import { message } from "../text/messages.ts";
import { neutraliseMentions } from "../text/neutralise-mentions.ts";
import type { NoticeContent } from "./plan-notify.ts";

/** What a notice reads of a clock's state (the SLA module's detail of one clock). */
interface ClockDetail {
  report: ClockReport;
  rule: { name: string };
  calendar: { dayMs: number };
}

const base = (facts: Facts) => ({
  priority: facts.priority,
  issue: facts.issue.id,
  title: neutraliseMentions(facts.issue.title),
  url: facts.issue.url ?? facts.issue.id,
});

/** The overrun of a breached clock, in its calendar's business days where it has them. */
export const overrunOf = (facts: Facts, d: ClockDetail): { text: string; minutes: number } => {
  const ms = Math.max(0, (d.report.elapsedMs ?? 0) - (d.report.targetMs ?? 0));
  return { text: formatDuration(ms, { dayMs: d.calendar.dayMs, locale: facts.rules.locale }), minutes: Math.round(ms / 60_000) };
};

/** An escalation level fired by a breached clock. */
export function breachNotice(facts: Facts, d: ClockDetail, clockTitle: string, level: number, cycle: number): NoticeContent {
  const overrun = overrunOf(facts, d);
  const { priority, issue, title, url } = base(facts);
  const vars = { priority, issue, title, url, clock: clockTitle, target: d.report.target ?? "", overrun: overrun.text, level };
  // Optional fields set in place (in this order), not spread from temporary objects.
  const notice: NoticeContent = { event: "trigger", cycle, title: message(facts.rules, "notify.breach", vars), text: message(facts.rules, "notify.breach-text", vars), clock: d.rule.name };
  if (d.report.target !== undefined) notice.target = d.report.target;
  notice.overrunMinutes = overrun.minutes;
  notice.level = level;
  return notice;
}

/** An escalation level fired by a P1 with no root cause noted in time. */
export function rootCauseNotice(facts: Facts, within: string, level: number, cycle: number): NoticeContent {
  const vars = { ...base(facts), within, level };
  return { event: "trigger", cycle, title: message(facts.rules, "notify.root-cause", vars), text: message(facts.rules, "notify.root-cause-text", vars), target: within, level };
}

/** A progress update that fell due (the update clock breached). */
export function reminderNotice(facts: Facts, d: ClockDetail): NoticeContent {
  const since = formatDuration(d.report.elapsedMs ?? 0, { dayMs: d.calendar.dayMs, locale: facts.rules.locale });
  const { priority, issue, title, url } = base(facts);
  const vars = { priority, issue, title, url, target: d.report.target ?? "", since };
  const notice: NoticeContent = { event: "trigger", cycle: d.report.cycle, title: message(facts.rules, "notify.update", vars), text: message(facts.rules, "notify.update-text", vars), clock: d.rule.name };
  if (d.report.target !== undefined) notice.target = d.report.target;
  notice.overrunMinutes = Math.round(Math.max(0, (d.report.elapsedMs ?? 0) - (d.report.targetMs ?? 0)) / 60_000);
  return notice;
}

/** The incident of a cycle is over: the issue is closed, or no clock is breached any more. */
export function resolvedNotice(facts: Facts): Pick<NoticeContent, "title" | "text"> {
  const why = message(facts.rules, facts.issue.state === "open" ? "notify.resolved-cleared" : "notify.resolved-closed");
  const vars = { ...base(facts), why };
  const title = message(facts.rules, "notify.resolved", vars);
  return { title, text: `${title}\n${facts.issue.url ?? facts.issue.id}` };
}

/** An own rule's notice. */
export function ruleNotice(facts: Facts, rule: string, cycle: number): NoticeContent {
  const vars = { ...base(facts), rule };
  return { event: "info", cycle, title: message(facts.rules, "notify.rule", vars), text: message(facts.rules, "notify.rule-text", vars) };
}
