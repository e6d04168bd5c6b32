/**
 * The plain JSON alert format, for monitors other than Alertmanager (Zabbix, Grafana, a script):
 * one alert per request, with the same meaning as an Alertmanager alert.
 *
 *     { "source": "zabbix", "status": "firing", "group": "db-primary",
 *       "labels": { "alertname": "MySQL down", "severity": "critical", "host": "db-1" },
 *       "annotations": { "summary": "MySQL on db-1 is down" },
 *       "startsAt": "2026-03-01T09:30:00Z", "endsAt": null, "url": "https://zabbix/…", "id": "ev-123" }
 *
 * `source`, `status`, `labels.alertname` and `startsAt` are required; `endsAt` too once resolved.
 * `group` (default: the source and the label set) joins alerts into one issue; `id` (default: the
 * label set) tells the alerts of a group apart.
 */
import { alertHash, labelSetText } from "./alert-hash.ts";
import type { AlertGroup } from "./alert-group.ts";
import { alertStatus, found, instant, isObject, optionalText, type Problems, stringMap } from "./read-alert-fields.ts";
import type { ReadResult } from "./read-alertmanager.ts";

const KEYS = new Set(["source", "status", "group", "labels", "annotations", "startsAt", "endsAt", "url", "id"]);

/** Read a parsed JSON body as a plain alert. */
export function readPlainAlert(value: unknown): ReadResult {
  const problems: Problems = [];
  if (!isObject(value)) return { ok: false, problems: [`expected a plain alert (a JSON object with source, status, labels, startsAt…), found ${found(value)}`] };
  for (const key of Object.keys(value)) if (!KEYS.has(key)) problems.push(`${key}: unknown key; expected one of ${[...KEYS].join(", ")}`);
  const source = optionalText(value.source, "source", problems);
  if (source === undefined) problems.push("source: expected the monitor's name (zabbix, grafana, …), found nothing");
  else if (!/^[A-Za-z0-9._-]{1,40}$/.test(source)) problems.push(`source: expected a short name of letters, digits and . _ -, found ${found(source)}`);
  const status = alertStatus(value.status, "status", problems);
  const labels = stringMap(value.labels, "labels", problems);
  if (labels.alertname === undefined || labels.alertname.trim() === "") problems.push(`labels.alertname: expected the alert rule's name, found ${found(labels.alertname)}`);
  const startsAt = instant(value.startsAt, "startsAt", problems, true) ?? 0;
  const endsAt = instant(value.endsAt, "endsAt", problems, false);
  if (status === "resolved" && endsAt === undefined) problems.push(`endsAt: expected the time a resolved alert ended, found ${found(value.endsAt)}`);
  const annotations = stringMap(value.annotations, "annotations", problems);
  const group = optionalText(value.group, "group", problems);
  const id = optionalText(value.id, "id", problems);
  const url = optionalText(value.url, "url", problems);
  if (problems.length > 0) return { ok: false, problems };
  const fingerprint = id ?? alertHash(labelSetText(labels));
  const result: AlertGroup = {
    source: source ?? "",
    groupKey: group ?? `${source ?? ""}:${labelSetText(labels)}`,
    groupLabels: group === undefined ? labels : {},
    commonLabels: labels,
    commonAnnotations: annotations,
    alerts: [
      {
        fingerprint,
        status,
        labels,
        annotations,
        startsAt,
        ...(status === "resolved" && endsAt !== undefined ? { endsAt: Math.max(endsAt, startsAt) } : {}),
        generatorURL: url,
      },
    ],
  };
  return { ok: true, group: result, truncatedAlerts: 0 };
}
