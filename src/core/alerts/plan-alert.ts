/**
 * The alert lifecycle, planned purely: given a group's merged state, the issue it opened (or
 * none) and now, what to do. Firing opens the issue, or says so once on the open one, or reopens a
 * closed one within the reopen window (later, a new issue is opened), taking the mitigation label
 * off; resolved labels it with the mitigation label and says once how long it lasted. An issue closed as not planned is never
 * reopened, and no new one is opened for its group. Every notice is one keyed comment per
 * episode, so that retries and the second Alertmanager of an HA pair say nothing twice.
 */
import type { Issue, TrackerCapabilities } from "../model.ts";
import type { CommentPart, Operation } from "../plan.ts";
import type { Rules } from "../rules/rules.ts";
import { commentKeys } from "../text/hidden-key.ts";
import { message } from "../text/messages.ts";
import { alertHash } from "./alert-hash.ts";
import { type AlertGroup, currentEpisode, type Episode } from "./alert-group.ts";
import { renderAlertTemplate, type TemplateValues } from "./alert-template.ts";
import { alertValues, formatDuration, utc } from "./alert-values.ts";
import type { AlertsRule } from "./alerts-rule.ts";
import { type AlertIssue, renderAlertIssue } from "./render-alert-issue.ts";

const RULE = "alerts";

/**
 * An episode that started this soon after the issue was created is the one that opened it (the
 * monitor's clock may run a little ahead of the tracker's).
 */
export const CLOCK_SKEW_MS = 60_000;

/** What to do for an alert group now. */
export type AlertStep =
  | { kind: "create"; create: AlertIssue; reason: string }
  | { kind: "update"; operations: Operation[]; reason: string }
  | { kind: "nothing"; reason: string };

/**
 * The group's identity text: its group key, or the identity template over the group's own labels
 * (Alertmanager's group labels; a plain alert's labels), each value percent-encoded.
 */
export function identityText(group: AlertGroup, rule: AlertsRule, rules: Pick<Rules, "priority">): string {
  if (rule.identity.kind === "group-key") return `${group.source}:${group.groupKey}`;
  // Only what names the group itself: Alertmanager's group labels (its group_by), a plain alert's
  // labels. The alerts in a group come and go, and with them the common labels and the first alert's.
  const own: AlertGroup = { ...group, commonLabels: group.source === "alertmanager" ? {} : group.commonLabels, commonAnnotations: {} };
  const values = alertValues(own, { status: "firing", startsAt: 0, alerts: [] }, rule, rules);
  // Each value is percent-encoded, so that no two label sets render alike ("Disk/eu" + "1" and
  // "Disk" + "eu/1" under "{alertname}/{labels.cluster}").
  const encoded: TemplateValues = {
    builtin: (name) => encodeURIComponent(values.builtin(name)),
    label: (name) => encodeURIComponent(values.label(name)),
    annotation: (name) => encodeURIComponent(values.annotation(name)),
  };
  return `${group.source}:${renderAlertTemplate(rule.identity.template, encoded)}`;
}

/** The hidden identity of the group's issues (a hidden-key-safe name). */
export const identityKey = (identity: string): string => `alert-group/${alertHash(identity)}`;

const seconds = (t: number): number => Math.floor(t / 1000);
export const firingKey = (episode: Pick<Episode, "startsAt">): string => `alert/firing/${seconds(episode.startsAt)}`;
export const resolvedKey = (episode: Pick<Episode, "startsAt">): string => `alert/resolved/${seconds(episode.startsAt)}`;

/** Keys of the tool's own comments on the issue. */
function saidKeys(issue: Issue): Set<string> {
  const keys = new Set<string>();
  for (const comment of issue.comments) if (comment.author.self === true) for (const key of commentKeys(comment)) keys.add(key);
  return keys;
}

/** Was this episode's firing told on the issue: by opening it, or by a comment? */
const announced = (episode: Episode, issue: Issue, said: Set<string>): boolean => episode.startsAt <= issue.createdAt + CLOCK_SKEW_MS || said.has(firingKey(episode));

function comment(parts: CommentPart[]): Operation {
  const [first] = parts as [CommentPart];
  return {
    kind: "comment",
    key: first.key,
    ...(parts.length > 1 ? { keys: parts.map((p) => p.key), parts } : {}),
    body: parts.map((p) => p.body).join("\n\n"),
    mentions: [],
    rule: RULE,
    reason: parts.map((p) => p.reason).join("; "),
  };
}

export interface AlertPlanInput {
  group: AlertGroup;
  /** The issue the group opened last, as read now; undefined when it has none. */
  issue: Issue | undefined;
  rule: AlertsRule;
  rules: Rules;
  /** The target tracker's capabilities (how a new issue is written). */
  capabilities: TrackerCapabilities;
  now: number;
}

/** Plan the next step of the alert lifecycle. */
export function planAlert({ group, issue, rule, rules, capabilities, now }: AlertPlanInput): AlertStep {
  const episode = currentEpisode(group);
  if (episode === undefined) return { kind: "nothing", reason: "the group holds no alerts" };
  const identity = identityKey(identityText(group, rule, rules));
  const create = (reason: string): AlertStep => ({ kind: "create", create: renderAlertIssue(group, episode, rule, rules, capabilities, identity), reason });
  if (issue === undefined) return create(`alert ${episode.status}: no issue yet`);
  if (issue.state === "closed" && issue.closeReason === "not_planned") return { kind: "nothing", reason: `${issue.id} was closed as not planned: alerts of its group never reopen it` };

  const values = alertValues(group, episode, rule, rules);
  const name = `${values.builtin("alertname")} (${values.builtin("severity")})`;
  const said = saidKeys(issue);
  const parts: CommentPart[] = [];
  const operations: Operation[] = [];
  if (!announced(episode, issue, said)) {
    if (issue.state === "closed") {
      if (episode.status === "resolved") return { kind: "nothing", reason: `a short episode of ${name} that ended while ${issue.id} was closed` };
      const closedAt = issue.closedAt ?? issue.updatedAt ?? issue.createdAt;
      if (now - closedAt > rule.reopenWithinMs) return create(`alert firing again ${formatDuration(now - closedAt)} after ${issue.id} was closed, past the reopen window`);
      operations.push({ kind: "reopen", rule: RULE, reason: `alert firing again within ${formatDuration(rule.reopenWithinMs)} of the close` });
    }
    // Firing again, it is no longer mitigated; the next resolve labels it again, within the cycle.
    if (episode.status === "firing" && issue.labels.includes(rule.mitigatedLabel)) {
      operations.push({ kind: "remove-labels", labels: [rule.mitigatedLabel], rule: RULE, reason: "the alert fires again" });
    }
    parts.push({
      key: firingKey(episode),
      body: message(rules, issue.state === "closed" ? "alert.reopened" : "alert.firing-again", {
        alert: name,
        start: utc(episode.startsAt),
        count: episode.alerts.length,
        window: formatDuration(rule.reopenWithinMs),
        summary: values.builtin("summary"),
      }).trim(),
      mentions: [],
      rule: RULE,
      reason: "the alert fires again",
    });
  }
  if (episode.status === "resolved") {
    if (!issue.labels.includes(rule.mitigatedLabel)) operations.push({ kind: "add-labels", labels: [rule.mitigatedLabel], rule: RULE, reason: "the alert resolved" });
    if (!said.has(resolvedKey(episode))) {
      const lasted = formatDuration((episode.endsAt ?? episode.startsAt) - episode.startsAt);
      parts.push({
        key: resolvedKey(episode),
        body: message(rules, "alert.resolved", { alert: name, end: utc(episode.endsAt ?? episode.startsAt), duration: lasted, start: utc(episode.startsAt), label: rule.mitigatedLabel }),
        mentions: [],
        rule: RULE,
        reason: "the alert resolved",
      });
    }
  }
  if (parts.length > 0) operations.push(comment(parts));
  if (operations.length === 0) return { kind: "nothing", reason: `${issue.id} already says everything about this ${episode.status} episode` };
  return { kind: "update", operations, reason: `alert ${episode.status} since ${utc(episode.startsAt)}` };
}
