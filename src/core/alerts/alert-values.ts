/**
 * The values alert templates and notices read, for one group and its current episode. Every value
 * taken from the alert is made safe to write first: a mention cannot ping through the tool and a
 * hidden marker cannot be forged.
 */
import type { Rules } from "../rules/rules.ts";
import { defuseMarkers } from "../text/hidden-key.ts";
import { neutraliseMentions } from "../text/neutralise-mentions.ts";
import { parseBoldHeading, parseHeadingLine, parseKeyValue, parseTask } from "../text/parse-lines.ts";
import { matchKnownHeading } from "../text/parse-sections.ts";
import type { AlertGroup, Episode } from "./alert-group.ts";
import type { AlertPlaceholder, TemplateValues } from "./alert-template.ts";
import type { AlertsRule } from "./alerts-rule.ts";

/**
 * Text from an alert, made safe to write into an issue: no mention pings, no hidden marker, and no
 * HTML comment either (an unclosed `<!--` would hide the rest of the issue from readers).
 */
export const safeText = (text: string): string => {
  const defused = defuseMarkers(text);
  return neutraliseMentions(defused.includes("<!--") ? defused.replaceAll("<!--", "<\u200B!--") : defused);
};

const LINE_BREAKS = /[\n\v\f\r\u0085\u2028\u2029]+/g;

/** Text from an alert on one line (a label, a rule name): its line breaks become spaces. */
export const inlineText = (text: string): string => safeText(text).replace(LINE_BREAKS, " ");

function isKnownKey(line: string, known: ReadonlySet<string>): boolean {
  const kv = line.includes(":") || line.includes("：") ? parseKeyValue(line) : undefined;
  return kv !== undefined && matchKnownHeading(kv[0], known) !== undefined;
}

const FENCE = /^\s{0,3}(```|~~~)/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;

/**
 * Written text whose lines the intake must read as plain answer text: a line that would open a
 * section (`### Heading`, `**Heading**`, `Heading: answer` for one of the `known` headings), tick a checklist item (`- [x] …`),
 * open a code fence around the sections below it or underline the line above into a heading
 * starts with a zero-width space, which neither the intake nor a Markdown renderer reads past.
 */
export function plainLines(text: string, known: ReadonlySet<string>): string {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const trimmed = line.trim();
    if (trimmed === "") continue;
    const first = trimmed.charAt(0);
    const risky =
      ((first === "#" || first === "*") && (parseHeadingLine(line) ?? parseBoldHeading(line)) !== undefined) ||
      ((first === "-" || first === "*" || first === "+") && parseTask(line) !== undefined) ||
      FENCE.test(line) ||
      SETEXT.test(line) ||
      isKnownKey(line, known);
    if (risky) lines[i] = `\u200B${line.trimStart()}`;
  }
  return lines.join("\n");
}

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
  const label = (name: string): string => inlineText(labelOf(group, episode, name) ?? "");
  const annotation = (name: string): string => safeText(annotationOf(group, episode, name) ?? "");
  const builtins: Record<AlertPlaceholder, () => string> = {
    alertname: () => label("alertname") || "alert",
    status: () => episode.status,
    severity: () => inlineText(severity) || "unknown",
    priority: () => rules.priority.byName.get(priority)?.name ?? priority,
    summary: () => inlineText(annotationOf(group, episode, "summary") ?? "") || label("alertname") || "alert",
    description: () => annotation("description"),
    startsAt: () => utc(episode.startsAt),
    endsAt: () => (episode.endsAt === undefined ? "" : utc(episode.endsAt)),
    source: () => inlineText(group.source),
    receiver: () => inlineText(group.receiver ?? ""),
    generatorURL: () => inlineText(episode.alerts.find((a) => a.generatorURL !== undefined)?.generatorURL ?? ""),
    externalURL: () => inlineText(group.externalURL ?? ""),
    groupKey: () => inlineText(group.groupKey),
    alertCount: () => String(episode.alerts.length),
    labels: () => inlineText(labelsText(group, episode)),
  };
  return { builtin: (name) => builtins[name](), label, annotation };
}
