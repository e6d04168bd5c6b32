/**
 * Alertmanager's webhook notification (payload version 4) → an alert group. Every problem of the
 * payload is reported at once, each naming the field, what was expected and what was found; a
 * payload with any problem yields no group (the sender is told 400 and the problems).
 */
import { alertHash, labelSetText } from "./alert-hash.ts";
import type { Alert, AlertGroup } from "./alert-group.ts";
import { alertStatus, found, instant, isObject, optionalText, type Problems, stringMap } from "./read-alert-fields.ts";

/** The payload version this reader knows. */
export const ALERTMANAGER_VERSION = "4";

/** Most alerts read from one notification (Alertmanager's `max_alerts` is usually far lower). */
export const MAX_ALERTS_PER_NOTIFICATION = 1000;

export type ReadResult = { ok: true; group: AlertGroup; truncatedAlerts: number } | { ok: false; problems: string[] };

function readAlert(value: unknown, path: string, problems: Problems): Alert | undefined {
  if (!isObject(value)) {
    problems.push(`${path}: expected an alert object, found ${found(value)}`);
    return undefined;
  }
  const labels = stringMap(value.labels, `${path}.labels`, problems);
  const status = alertStatus(value.status, `${path}.status`, problems);
  const startsAt = instant(value.startsAt, `${path}.startsAt`, problems, true) ?? 0;
  const endsAt = instant(value.endsAt, `${path}.endsAt`, problems, false);
  if (status === "resolved" && endsAt === undefined) problems.push(`${path}.endsAt: expected the time a resolved alert ended, found ${found(value.endsAt)}`);
  const fingerprint = optionalText(value.fingerprint, `${path}.fingerprint`, problems) ?? alertHash(labelSetText(labels));
  return {
    fingerprint,
    status,
    labels,
    annotations: stringMap(value.annotations, `${path}.annotations`, problems),
    startsAt,
    // A firing alert's endsAt is when Alertmanager would time it out, not an end.
    ...(status === "resolved" && endsAt !== undefined ? { endsAt: Math.max(endsAt, startsAt) } : {}),
    generatorURL: optionalText(value.generatorURL, `${path}.generatorURL`, problems),
  };
}

/** Read a parsed JSON body as an Alertmanager notification. */
export function readAlertmanager(value: unknown): ReadResult {
  const problems: Problems = [];
  if (!isObject(value)) return { ok: false, problems: [`expected an Alertmanager notification (a JSON object with version, groupKey, alerts…), found ${found(value)}`] };
  if (value.version !== ALERTMANAGER_VERSION) {
    problems.push(`version: expected "${ALERTMANAGER_VERSION}" (Alertmanager's webhook payload version), found ${found(value.version)}`);
  }
  const groupKey = optionalText(value.groupKey, "groupKey", problems);
  if (groupKey === undefined && !problems.some((p) => p.startsWith("groupKey"))) problems.push("groupKey: expected the group's key, found nothing");
  if (value.status !== undefined) alertStatus(value.status, "status", problems);
  const truncated = value.truncatedAlerts;
  if (truncated !== undefined && (typeof truncated !== "number" || !Number.isInteger(truncated) || truncated < 0)) {
    problems.push(`truncatedAlerts: expected a whole number, found ${found(truncated)}`);
  }
  const alerts: Alert[] = [];
  if (!Array.isArray(value.alerts) || value.alerts.length === 0) {
    problems.push(`alerts: expected a list of at least one alert, found ${found(value.alerts)}`);
  } else if (value.alerts.length > MAX_ALERTS_PER_NOTIFICATION) {
    problems.push(`alerts: expected at most ${MAX_ALERTS_PER_NOTIFICATION} alerts in one notification, found ${value.alerts.length}; lower max_alerts in the webhook receiver`);
  } else {
    value.alerts.forEach((item, i) => {
      const alert = readAlert(item, `alerts[${i}]`, problems);
      if (alert !== undefined) alerts.push(alert);
    });
  }
  const group: AlertGroup = {
    source: "alertmanager",
    groupKey: groupKey ?? "",
    receiver: optionalText(value.receiver, "receiver", problems),
    groupLabels: stringMap(value.groupLabels, "groupLabels", problems),
    commonLabels: stringMap(value.commonLabels, "commonLabels", problems),
    commonAnnotations: stringMap(value.commonAnnotations, "commonAnnotations", problems),
    externalURL: optionalText(value.externalURL, "externalURL", problems),
    alerts,
  };
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, group, truncatedAlerts: typeof truncated === "number" ? truncated : 0 };
}
