/**
 * The rule file's `alerts:` section: monitoring alerts (Alertmanager, or the plain JSON format)
 * become issues that follow the whole process. Declared here and placed in the rule file's schema
 * by `schema.ts`; every field has its editor help.
 */
import { z } from "zod";
import { Id } from "../rules/name-schemas.ts";
import { describe, DurationText } from "../rules/text-schemas.ts";
import type { TrackerRuleSettings } from "../rules/tracker-rule-settings.ts";

/** The intake sections an alert issue fills by default, for the support preset's fields. */
export const DEFAULT_ALERT_FIELDS: Readonly<Record<string, string>> = {
  impact: "Raised by monitoring: {alertCount} alert(s) of {alertname}, severity {severity}. {annotations.impact}",
  urgency: "Alert severity {severity}: priority {priority} while it fires.",
  symptom: "{summary}\n\n{description}",
  started: "{startsAt}",
  steps: "Alert rule {alertname} ({source}); its source: {generatorURL}",
  environment: "{labels}",
};

/**
 * The `alerts:` section's schema: `tracker:` names one of the given trackers, whose keys (where
 * issues are opened) follow it, in their order.
 */
export function alertsSchema(trackers: readonly TrackerRuleSettings[]) {
  const names = trackers.map((t) => t.name);
  return z.strictObject({
  tracker: z
    .enum(names as [string, ...string[]])
    .meta({ description: `Where alert issues are opened: ${trackers.map((t) => `${t.name} (${t.alerts.target}:)`).join(" or ")}.` }),
  // Typed as no keys: each tracker reads its own keys of the parsed section.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  ...(Object.assign({}, ...trackers.map((t) => t.alerts.shape)) as {}),
  identity: z
    .string()
    .min(1)
    .default("group-key")
    .meta({
      description:
        "What makes alerts one issue: group-key (default: Alertmanager's group key, the plain format's group) or a template of alert labels, e.g. \"{alertname}/{labels.cluster}\".",
    }),
  severity: z
    .strictObject({
      label: Id.default("severity").meta({ description: "The alert label holding the severity (default severity)." }),
      priorities: z
        .record(z.string(), Id)
        .default({ critical: "P0", page: "P0", error: "P1", high: "P1", warning: "P2", info: "P3" })
        .meta({ description: "Severity value (any case) → priority level, e.g. { critical: P0, warning: P2 }." }),
      default: Id.default("P2").meta({ description: "The priority of an alert whose severity the map does not name (default P2)." }),
    })
    .prefault({})
    .meta({ description: "How an alert's severity maps to a priority level." }),
  title: z
    .string()
    .min(1)
    .default("[{severity}] {alertname}: {summary}")
    .meta({ description: "Title template of a new issue; placeholders: {alertname}, {severity}, {summary}, {labels.NAME}, {annotations.NAME}, … (default \"[{severity}] {alertname}: {summary}\")." }),
  fields: z
    .record(Id, z.string())
    .optional()
    .meta({
      description:
        `Named field → template of its answer in a new issue, so that the intake finds it complete (${trackers.map((t) => `${t.title}: ${t.alerts.fieldAnswers}`).join("; ")}). Entries replace or add to the defaults: impact, urgency, symptom, started, steps and environment from the alert, for those of them the rules declare.`,
    }),
  labels: z
    .array(Id)
    .default(["alert"])
    .meta({
      description: `Labels every alert issue gets (default [alert])${trackers.flatMap((t) => (t.alerts.labelsNote === undefined ? [] : [`; on ${t.title} ${t.alerts.labelsNote}`])).join("")}.`,
    }),
  "mitigated-label": Id.optional().meta({ description: "Label a resolved alert adds (default: the mitigation clock's label, else mitigated)." }),
  "reopen-within": describe(DurationText.default("24h"), "A new firing this soon after the issue was closed reopens it and continues its cycle; later, a new issue is opened (default 24h). Issues closed as not planned are never reopened."),
  });
}

export type AlertsInput = z.output<ReturnType<typeof alertsSchema>>;
