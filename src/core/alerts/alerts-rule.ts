/** The compiled `alerts:` section: where alerts become issues and how they are written. */
import type { AlertTemplate } from "./alert-template.ts";

/** One intake section an alert issue fills: a named field and the template of its answer. */
export interface AlertFieldRule {
  /** A field declared under `fields:` (impact, symptom, started…). */
  field: string;
  template: AlertTemplate;
}

export interface AlertsRule {
  /** The tracker the issues are opened on: a registered tracker's name (`alerts.tracker`). */
  tracker: string;
  /** `OWNER/REPO`, on a tracker that holds issues in repositories. */
  repository?: string | undefined;
  /** The project key, on a tracker that holds issues in projects. */
  project?: string | undefined;
  /** The issue type of new issues, on a tracker whose issues move through a workflow. */
  issueType: string;
  /** The group's identity: Alertmanager's group key, or a template of alert labels. */
  identity: { kind: "group-key" } | { kind: "template"; template: AlertTemplate };
  /** Which label holds the severity, and the priority level of each value (lower case). */
  severity: { label: string; priorities: ReadonlyMap<string, string>; default: string };
  title: AlertTemplate;
  /** The intake sections of the body, in order. */
  fields: readonly AlertFieldRule[];
  /** Labels every alert issue gets (at least one where the tracker finds the issue again by it). */
  labels: readonly string[];
  /** The label a resolved alert adds: the mitigation clock's, so that resolving meets it. */
  mitigatedLabel: string;
  /** A new firing within this many ms of the close reopens the issue; later, a new issue. */
  reopenWithinMs: number;
}
