/**
 * `alerts:` → where monitoring alerts open issues and how they are written: the target checked
 * against the tracker (its target key present, the other trackers' absent, and the tracker's own
 * checks), the identity and every
 * template compiled (an unknown placeholder is a problem at its line), the severity map's levels
 * and the intake fields checked against what the rules declare, the reopen window in wall time.
 * The mitigation label defaults to the mitigation clock's, so that a resolved alert meets it.
 * Beside the section, the priority of alert issues as rules the priority step reads like the
 * rule file's own: an issue the tool opened with the alert label whose alert section names the
 * level keeps that level.
 */
import type { AlertsInput } from "../alerts/alerts-schema.ts";
import { DEFAULT_ALERT_FIELDS } from "../alerts/alerts-schema.ts";
import { type AlertTemplate, compileAlertTemplate } from "../alerts/alert-template.ts";
import type { AlertFieldRule, AlertsRule } from "../alerts/alerts-rule.ts";
import type { ClockRule } from "../clocks/clock-rule.ts";
import type { Action } from "../operations/rule-action.ts";
import type { CustomRule } from "./rules.ts";
import type { CompileOutput, DataPath, RefChecks } from "./compile-context.ts";
import { parseDuration } from "./duration.ts";
import type { AlertTarget, TrackerRuleSettings } from "./tracker-rule-settings.ts";

const DEFAULT_MITIGATED = "mitigated";

/** The target checks of `tracker:`: its target key present, another tracker's absent, then its own checks. */
function checkTarget(spec: AlertsInput, trackers: readonly TrackerRuleSettings[], at: (...more: (string | number)[]) => DataPath, out: CompileOutput): AlertTarget {
  const keys = spec as Readonly<Record<string, unknown>>;
  const chosen = trackers.find((t) => t.name === spec.tracker);
  // The schema only lets registered names through.
  if (chosen === undefined) return {};
  if (keys[chosen.alerts.target] === undefined) {
    out.problems.push({ path: at("tracker"), message: `expected ${chosen.alerts.target}: ${chosen.alerts.example} beside tracker: ${chosen.name} (where alert issues are opened), found none` });
  }
  for (const other of trackers) {
    if (other === chosen || other.alerts.target === chosen.alerts.target || keys[other.alerts.target] === undefined) continue;
    out.problems.push({
      path: at(other.alerts.target),
      message: `expected no ${other.alerts.target} with tracker: ${chosen.name} (a ${other.title} setting), found one; remove it or set tracker: ${other.name}`,
    });
  }
  out.problems.push(...chosen.alerts.check(keys, at));
  // The chosen tracker's keys alone: another's read (its defaults, its keys left unset) is not where these issues go.
  return chosen.alerts.read(keys);
}

function template(text: string, path: DataPath, out: CompileOutput): AlertTemplate {
  const problems: string[] = [];
  const compiled = compileAlertTemplate(text, problems);
  for (const message of problems) out.problems.push({ path, message });
  return compiled;
}

export function compileAlerts(
  spec: AlertsInput | undefined,
  declaredFields: ReadonlySet<string>,
  clocks: readonly ClockRule[],
  check: Pick<RefChecks, "checkLevel" | "checkField" | "condition">,
  out: CompileOutput,
  trackers: readonly TrackerRuleSettings[],
): { rule?: AlertsRule; priorityRules: CustomRule[] } {
  if (spec === undefined) return { priorityRules: [] };
  const at = (...more: (string | number)[]): DataPath => ["alerts", ...more];
  const target = checkTarget(spec, trackers, at, out);
  let identity: AlertsRule["identity"] = { kind: "group-key" };
  if (spec.identity !== "group-key") {
    const compiled = template(spec.identity, at("identity"), out);
    if (compiled.parts.every((part) => "text" in part)) {
      out.problems.push({ path: at("identity"), message: `expected group-key or a template with at least one placeholder such as {alertname}, found ${JSON.stringify(spec.identity)}` });
    }
    identity = { kind: "template", template: compiled };
  }
  const priorities = new Map<string, string>();
  for (const [severity, level] of Object.entries(spec.severity.priorities)) {
    check.checkLevel(level, at("severity", "priorities", severity));
    priorities.set(severity.trim().toLowerCase(), level);
  }
  check.checkLevel(spec.severity.default, at("severity", "default"));
  // The defaults for the fields the rules declare, then the file's own entries over them.
  const templates = new Map<string, AlertTemplate>();
  for (const [field, text] of Object.entries(DEFAULT_ALERT_FIELDS)) if (declaredFields.has(field)) templates.set(field, compileAlertTemplate(text, []));
  for (const [field, text] of Object.entries(spec.fields ?? {})) {
    check.checkField(field, at("fields", field));
    templates.set(field, template(text, at("fields", field), out));
  }
  const fields: AlertFieldRule[] = [...templates].map(([field, compiled]) => ({ field, template: compiled }));
  const window = parseDuration(spec["reopen-within"]);
  if (window !== undefined && window.businessDays > 0) {
    out.problems.push({ path: at("reopen-within"), message: `expected a wall-time duration such as 24h or 2d (no bd), found ${JSON.stringify(spec["reopen-within"])}` });
  }
  // The level an alert issue's severity maps to, read back from its alert section on every run.
  const levels = [...new Set([...priorities.values(), spec.severity.default])];
  const marker = spec.labels[0];
  const priorityRules: CustomRule[] =
    marker === undefined
      ? []
      : levels.flatMap((level) => {
          const when = check.condition({ all: [{ label: marker }, { author: "bot" }, { body: `(?m)^- Severity: [^\\n]* → ${level}$` }] }, at("severity"));
          return when === undefined ? [] : [{ name: `alerts.severity.${level}`, description: `an alert whose severity maps to ${level}`, when, then: [{ kind: "priority", priority: level } as Action] }];
        });
  const rule: AlertsRule = {
    tracker: spec.tracker,
    repository: target.repository,
    project: target.project,
    issueType: target.issueType ?? "",
    identity,
    severity: { label: spec.severity.label, priorities, default: spec.severity.default },
    title: template(spec.title, at("title"), out),
    fields,
    labels: spec.labels,
    mitigatedLabel: spec["mitigated-label"] ?? clocks.find((clock) => clock.kind === "mitigation")?.label ?? DEFAULT_MITIGATED,
    reopenWithinMs: window?.ms ?? 0,
  };
  return { rule, priorityRules };
}
