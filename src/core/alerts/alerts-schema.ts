/**
 * The rule file's `alerts:` section: monitoring alerts (Alertmanager, or the plain JSON format)
 * become issues that follow the whole process. Declared here and placed in the rule file's schema
 * by `schema.ts`; every field has its editor help.
 */
import { z } from "zod";
import { Id } from "../rules/name-schemas.ts";
import { describe, DurationText } from "../rules/text-schemas.ts";

/** The intake sections an alert issue fills by default, for the support preset's fields. */
export const DEFAULT_ALERT_FIELDS: Readonly<Record<string, string>> = {
  impact: "Raised by monitoring: {alertCount} alert(s) of {alertname}, severity {severity}. {annotations.impact}",
  urgency: "Alert severity {severity}: priority {priority} while it fires.",
  symptom: "{summary}\n\n{description}",
  started: "{startsAt}",
  steps: "Alert rule {alertname} ({source}); its source: {generatorURL}",
  environment: "{labels}",
};

export const AlertsSpec = z.strictObject({
  tracker: z.enum(["github", "jira"]).meta({ description: "Where alert issues are opened: github (repository:) or jira (project:)." }),
  repository: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, { message: "expected a repository as OWNER/REPO" })
    .optional()
    .meta({ description: "GitHub: the repository alert issues are opened in, OWNER/REPO (through the GitHub App when the server runs as one, else GITHUB_TOKEN)." }),
  project: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, { message: "expected a Jira project key such as OPS" })
    .optional()
    .meta({ description: "Jira: the project key alert issues are opened in, e.g. OPS." }),
  "issue-type": Id.default("Bug").meta({ description: "Jira: the issue type of alert issues (default Bug)." }),
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
        "Named field → template of its answer in a new issue, so that the intake finds it complete (GitHub: a section under the field's heading; Jira: the field). Entries replace or add to the defaults: impact, urgency, symptom, started, steps and environment from the alert, for those of them the rules declare.",
    }),
  labels: z
    .array(Id)
    .default(["alert"])
    .meta({ description: "Labels every alert issue gets (default [alert]); on GitHub the first one is how the group's issue is found again." }),
  "mitigated-label": Id.optional().meta({ description: "Label a resolved alert adds (default: the mitigation clock's label, else mitigated)." }),
  "reopen-within": describe(DurationText.default("24h"), "A new firing this soon after the issue was closed reopens it and continues its cycle; later, a new issue is opened (default 24h). Issues closed as not planned are never reopened."),
});

export type AlertsInput = z.output<typeof AlertsSpec>;
