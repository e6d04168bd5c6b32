/**
 * The issue an alert group opens: the title from its template, and a body whose sections answer
 * the intake (each `alerts.fields` entry under the heading the rules read that field from), then
 * the alert itself (source, rule, severity, start, labels, annotations, generator URL). On a
 * tracker that keeps a field in a tracker field (Jira), its answer is returned as a field to set.
 */
import type { TrackerCapabilities } from "../model.ts";
import type { Operation } from "../plan.ts";
import type { Rules } from "../rules/rules.ts";
import type { NewIssue } from "../tracker.ts";
import type { AlertGroup, Episode } from "./alert-group.ts";
import { renderAlertTemplate } from "./alert-template.ts";
import { normaliseHeading } from "../text/parse-sections.ts";
import { alertValues, inlineText, plainLines, severityOf, utc } from "./alert-values.ts";
import type { AlertsRule } from "./alerts-rule.ts";

/** Tracker fields that hold the description itself: their answer stays in the body. */
const BODY_FIELDS = new Set(["description", "body"]);

/** What creating the issue takes: the issue, then the field writes for answers kept in fields. */
export interface AlertIssue {
  issue: NewIssue;
  fields: Operation[];
}

/**
 * Limits that keep the body within what trackers take (GitHub refuses a body over 65,536
 * characters, and Jira's description holds 32,767): a refused issue would be retried forever.
 */
export const ALERT_BODY_LIMITS = { entries: 50, value: 200, answer: 2_000, body: 30_000 } as const;

/** Text cut to `max` characters, with an ellipsis when cut. */
const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function listOf(map: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(map).sort();
  const lines = keys
    .slice(0, ALERT_BODY_LIMITS.entries)
    .map((key) => `- \`${cut(inlineText(key), 100).replaceAll("`", "'")}\`: ${cut(inlineText(map[key] ?? ""), ALERT_BODY_LIMITS.value)}`);
  if (keys.length > ALERT_BODY_LIMITS.entries) lines.push(`- … and ${keys.length - ALERT_BODY_LIMITS.entries} more`);
  return lines;
}

/** The headings the intake reads a section from (normalised), on any tracker. */
function knownHeadings(rules: Rules): Set<string> {
  const known = new Set<string>();
  for (const field of rules.fields.values()) for (const mapping of Object.values(field.sources)) for (const section of mapping?.sections ?? []) known.add(normaliseHeading(section));
  return known;
}

/** Render the new issue of a group's episode, on a tracker with these capabilities. */
export function renderAlertIssue(group: AlertGroup, episode: Episode, rule: AlertsRule, rules: Rules, capabilities: TrackerCapabilities, identity: string): AlertIssue {
  const { source } = capabilities;
  const values = alertValues(group, episode, rule, rules);
  const { priority } = severityOf(group, episode, rule);
  const level = rules.priority.byName.get(priority);
  const lines: string[] = [];
  const fields: Operation[] = [];
  const known = knownHeadings(rules);
  for (const { field, template } of rule.fields) {
    const declared = rules.fields.get(field);
    const answer = cut(renderAlertTemplate(template, values).trim(), ALERT_BODY_LIMITS.answer);
    const trackerField = declared?.sources[source]?.fields[0];
    if (trackerField !== undefined && !BODY_FIELDS.has(trackerField.toLowerCase())) {
      fields.push({ kind: "set-field", field: trackerField, value: answer, rule: "alerts", reason: `the alert's ${field}` });
      continue;
    }
    const heading = declared?.sources[source]?.sections[0] ?? declared?.title[rules.locale] ?? declared?.title.en ?? field;
    lines.push(`### ${heading}`, "", answer === "" ? "—" : plainLines(answer, known), "");
  }
  const first = episode.alerts.find((a) => a.generatorURL !== undefined)?.generatorURL;
  lines.push(
    "### Alert",
    "",
    `- Source: ${inlineText(group.source)}${group.receiver === undefined ? "" : ` (receiver ${inlineText(group.receiver)})`}`,
    `- Rule: ${values.builtin("alertname")}`,
    `- Severity: ${values.builtin("severity")} → ${level?.name ?? priority}`,
    `- Start time: ${utc(episode.startsAt)}`,
    `- Status: ${episode.status}${episode.endsAt === undefined ? "" : ` (ended ${utc(episode.endsAt)})`}, ${episode.alerts.length} alert(s)`,
    ...(first === undefined ? [] : [`- Generator URL: ${inlineText(first)}`]),
    ...(group.externalURL === undefined ? [] : [`- Alertmanager: ${inlineText(group.externalURL)}`]),
    "",
    "### Labels",
    "",
    ...listOf({ ...episode.alerts[0]?.labels, ...group.commonLabels }),
    "",
  );
  const annotations = { ...episode.alerts[0]?.annotations, ...group.commonAnnotations };
  if (Object.keys(annotations).length > 0) lines.push("### Annotations", "", ...listOf(annotations), "");
  // Where the tracker has no priority field, the level's label carries it.
  const labels = [...new Set([...rule.labels, ...(level !== undefined && !capabilities.nativePriority ? [level.label] : [])])];
  return {
    issue: {
      title: renderAlertTemplate(rule.title, values).replaceAll(/\s+/g, " ").trim().slice(0, 250) || "Alert",
      body: cut(lines.join("\n").trimEnd(), ALERT_BODY_LIMITS.body),
      labels,
      ...(level?.native === undefined || !capabilities.nativePriority ? {} : { nativePriority: level.native }),
      ...(capabilities.workflowStatus ? { type: rule.issueType } : {}),
      identity,
    },
    fields,
  };
}
