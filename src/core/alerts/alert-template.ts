/**
 * Templates of the `alerts:` section (titles, intake sections, the identity): text with
 * `{placeholder}`s filled from the alert group. A placeholder is a built-in name (`alertname`,
 * `severity`, `startsAt`, …), `labels.NAME` or `annotations.NAME`; any other `{…}` is a rule
 * problem, found when the rules are loaded. Rendering is one pass over the compiled parts.
 */

/** The built-in placeholders and what they stand for (shown in diagnostics and the schema). */
export const ALERT_PLACEHOLDERS = {
  alertname: "the alert rule's name (label alertname)",
  status: "firing or resolved",
  severity: "the severity label's value",
  priority: "the priority it maps to",
  summary: "annotation summary (else the alert name)",
  description: "annotation description",
  startsAt: "when the episode started (UTC)",
  endsAt: "when it resolved (UTC), else empty",
  source: "alertmanager, or the plain alert's source",
  receiver: "the Alertmanager receiver",
  generatorURL: "link to the rule's source (Prometheus graph)",
  externalURL: "link to the Alertmanager",
  groupKey: "Alertmanager's group key",
  alertCount: "how many alerts the episode holds",
  labels: "every label as name=value, comma-separated",
} as const;

export type AlertPlaceholder = keyof typeof ALERT_PLACEHOLDERS;

/** One piece of a compiled template: text, or a value to look up. */
export type TemplatePart = { text: string } | { name: AlertPlaceholder } | { label: string } | { annotation: string };

/** A compiled template: its source text and parts. */
export interface AlertTemplate {
  source: string;
  parts: readonly TemplatePart[];
}

const PLACEHOLDER = /\{([A-Za-z][\w.-]*)\}/g;

const isPlaceholder = (name: string): name is AlertPlaceholder => Object.hasOwn(ALERT_PLACEHOLDERS, name);

/** Compile a template; `problems` gets a message for each unknown placeholder. */
export function compileAlertTemplate(source: string, problems: string[]): AlertTemplate {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    if (match.index > last) parts.push({ text: source.slice(last, match.index) });
    last = match.index + match[0].length;
    if (isPlaceholder(name)) parts.push({ name });
    else if (name.startsWith("labels.") && name.length > 7) parts.push({ label: name.slice(7) });
    else if (name.startsWith("annotations.") && name.length > 12) parts.push({ annotation: name.slice(12) });
    else {
      problems.push(`expected a placeholder among ${Object.keys(ALERT_PLACEHOLDERS).join(", ")}, labels.NAME or annotations.NAME, found {${name}}`);
      parts.push({ text: match[0] });
    }
  }
  if (last < source.length) parts.push({ text: source.slice(last) });
  return { source, parts };
}

/** What a template reads its values from. */
export interface TemplateValues {
  builtin(name: AlertPlaceholder): string;
  label(name: string): string;
  annotation(name: string): string;
}

/** Fill a template in; values are used as they are (the caller makes them safe to write). */
export function renderAlertTemplate(template: AlertTemplate, values: TemplateValues): string {
  let out = "";
  for (const part of template.parts) {
    if ("text" in part) out += part.text;
    else if ("name" in part) out += values.builtin(part.name);
    else if ("label" in part) out += values.label(part.label);
    else out += values.annotation(part.annotation);
  }
  return out;
}
