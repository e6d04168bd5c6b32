/**
 * The values alert templates and notices read, for one group and its current episode. Every value
 * taken from the alert is made safe to write first: a mention cannot ping through the tool and a
 * hidden marker cannot be forged.
 */
import type { Rules } from "../rules/rules.ts";
import { defuseMarkers } from "../text/hidden-key.ts";
import { neutraliseMentions } from "../text/neutralise-mentions.ts";
import type { AlertGroup, Episode } from "./alert-group.ts";
import type { AlertPlaceholder, TemplateValues } from "./alert-template.ts";
import type { AlertsRule } from "./alerts-rule.ts";

/** Text from an alert, made safe to write into an issue. */
export const safeText = (text: string): string => neutraliseMentions(defuseMarkers(text));

/** An instant as RFC 3339 in UTC, to the second. */
export const utc = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A duration as `1 h 05 min`, `42 min`, `30 s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = String(minutes % 60).padStart(2, "0");
  return hours < 48 ? `${hours} h ${rest} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A label of the group: the shared one, else the episode's first alert that has it. */
function labelOf(group: AlertGroup, episode: Episode, name: string): string | undefined {
  return group.commonLabels[name] ?? group.groupLabels[name] ?? episode.alerts.find((a) => a.labels[name] !== undefined)?.labels[name];
}

function annotationOf(group: AlertGroup, episode: Episode, name: string): string | undefined {
  return group.commonAnnotations[name] ?? episode.alerts.find((a) => a.annotations[name] !== undefined)?.annotations[name];
}

/** The severity of the episode (lower case) and the priority level it maps to. */
export function severityOf(group: AlertGroup, episode: Episode, rule: AlertsRule): { severity: string; priority: string } {
  const severity = (labelOf(group, episode, rule.severity.label) ?? "").trim().toLowerCase();
  return { severity, priority: rule.severity.priorities.get(severity) ?? rule.severity.default };
}

/** Every label of the episode as `name=value`, the shared ones first. */
function labelsText(group: AlertGroup, episode: Episode): string {
  const all = { ...episode.alerts[0]?.labels, ...group.commonLabels };
  return Object.keys(all)
    .sort()
    .map((key) => `${key}=${all[key] ?? ""}`)
    .join(", ");
}

/** The values of one group's episode, safe to write. */
export function alertValues(group: AlertGroup, episode: Episode, rule: AlertsRule, rules: Pick<Rules, "priority">): TemplateValues {
  const { severity, priority } = severityOf(group, episode, rule);
  const label = (name: string): string => safeText(labelOf(group, episode, name) ?? "");
  const annotation = (name: string): string => safeText(annotationOf(group, episode, name) ?? "");
  const builtins: Record<AlertPlaceholder, () => string> = {
    alertname: () => label("alertname") || "alert",
    status: () => episode.status,
    severity: () => safeText(severity) || "unknown",
    priority: () => rules.priority.byName.get(priority)?.name ?? priority,
    summary: () => annotation("summary") || label("alertname") || "alert",
    description: () => annotation("description"),
    startsAt: () => utc(episode.startsAt),
    endsAt: () => (episode.endsAt === undefined ? "" : utc(episode.endsAt)),
    source: () => safeText(group.source),
    receiver: () => safeText(group.receiver ?? ""),
    generatorURL: () => safeText(episode.alerts.find((a) => a.generatorURL !== undefined)?.generatorURL ?? ""),
    externalURL: () => safeText(group.externalURL ?? ""),
    groupKey: () => safeText(group.groupKey),
    alertCount: () => String(episode.alerts.length),
    labels: () => safeText(labelsText(group, episode)),
  };
  return { builtin: (name) => builtins[name](), label, annotation };
}
