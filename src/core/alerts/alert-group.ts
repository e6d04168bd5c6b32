/**
 * An alert group as monitoring reports it (Alertmanager's notification, or the plain JSON format),
 * and how deliveries of one group fold together. Deliveries are at-least-once and unordered (an HA
 * pair of Alertmanagers sends each notification twice; a retry may come after a newer one), so
 * the stored state is a merge that gives the same result in any order: per alert (fingerprint),
 * the later episode wins, and within one episode resolved wins over firing.
 */

/** One alert of a group. Instants are epoch ms. */
export interface Alert {
  /** Stable id of the alert's label set (Alertmanager's fingerprint, else derived from the labels). */
  fingerprint: string;
  status: "firing" | "resolved";
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  startsAt: number;
  /** When it resolved; absent while firing. */
  endsAt?: number | undefined;
  generatorURL?: string | undefined;
}

/** A group of alerts notified together, with what the whole group shares. */
export interface AlertGroup {
  /** Who raised it: `alertmanager`, or the `source` of a plain alert (zabbix, grafana, …). */
  source: string;
  /** Alertmanager's group key (or the plain format's `group`): the default identity. */
  groupKey: string;
  receiver?: string | undefined;
  groupLabels: Readonly<Record<string, string>>;
  commonLabels: Readonly<Record<string, string>>;
  commonAnnotations: Readonly<Record<string, string>>;
  externalURL?: string | undefined;
  alerts: readonly Alert[];
}

/** Most alerts kept per group: past it, the alerts that resolved longest ago are dropped. */
export const MAX_ALERTS_PER_GROUP = 500;

/** Does `a` supersede `b` (same fingerprint)? A later episode, or the same one resolved. */
function supersedes(a: Alert, b: Alert): boolean {
  if (a.startsAt !== b.startsAt) return a.startsAt > b.startsAt;
  if (a.status !== b.status) return a.status === "resolved";
  return (a.endsAt ?? 0) >= (b.endsAt ?? 0);
}

/**
 * Fold a delivery into the stored group: the same result whatever the order the deliveries come
 * in, and a delivery folded twice changes nothing. The group's shared fields are the union of
 * both, the incoming side winning a conflict.
 */
export function mergeGroups(stored: AlertGroup | undefined, incoming: AlertGroup): AlertGroup {
  if (stored === undefined) return { ...incoming, alerts: bounded([...byFingerprint(incoming.alerts).values()]) };
  const alerts = byFingerprint(stored.alerts);
  for (const alert of incoming.alerts) {
    const known = alerts.get(alert.fingerprint);
    if (known === undefined || supersedes(alert, known)) alerts.set(alert.fingerprint, alert);
  }
  return {
    source: incoming.source,
    groupKey: incoming.groupKey,
    receiver: incoming.receiver ?? stored.receiver,
    groupLabels: { ...stored.groupLabels, ...incoming.groupLabels },
    commonLabels: { ...stored.commonLabels, ...incoming.commonLabels },
    commonAnnotations: { ...stored.commonAnnotations, ...incoming.commonAnnotations },
    externalURL: incoming.externalURL ?? stored.externalURL,
    alerts: bounded([...alerts.values()]),
  };
}

function byFingerprint(alerts: readonly Alert[]): Map<string, Alert> {
  const map = new Map<string, Alert>();
  for (const alert of alerts) {
    const known = map.get(alert.fingerprint);
    if (known === undefined || supersedes(alert, known)) map.set(alert.fingerprint, alert);
  }
  return map;
}

/** Sorted by fingerprint (one stored form whatever the order), at most `MAX_ALERTS_PER_GROUP`. */
function bounded(alerts: Alert[]): Alert[] {
  let kept = alerts;
  if (kept.length > MAX_ALERTS_PER_GROUP) {
    const firing = kept.filter((a) => a.status === "firing");
    const resolved = kept.filter((a) => a.status === "resolved").sort((a, b) => (b.endsAt ?? 0) - (a.endsAt ?? 0));
    kept = [...firing, ...resolved].slice(0, MAX_ALERTS_PER_GROUP);
  }
  return kept.sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
}

/** The group's current episode: firing while any alert fires, else the last resolved one. */
export interface Episode {
  status: "firing" | "resolved";
  /** When the episode began: the earliest start among its alerts. */
  startsAt: number;
  /** When it resolved (resolved episodes). */
  endsAt?: number | undefined;
  /** Its alerts. */
  alerts: readonly Alert[];
}

/**
 * The current episode. Firing: the firing alerts, from the earliest start. Resolved: the alerts
 * that were still firing when the latest of them started (older ones belong to earlier episodes),
 * from the earliest start to the latest end. Undefined for a group without alerts.
 */
export function currentEpisode(group: AlertGroup): Episode | undefined {
  if (group.alerts.length === 0) return undefined;
  const firing = group.alerts.filter((a) => a.status === "firing");
  if (firing.length > 0) return { status: "firing", startsAt: Math.min(...firing.map((a) => a.startsAt)), alerts: firing };
  const latestStart = Math.max(...group.alerts.map((a) => a.startsAt));
  const alerts = group.alerts.filter((a) => (a.endsAt ?? a.startsAt) >= latestStart);
  return {
    status: "resolved",
    startsAt: Math.min(...alerts.map((a) => a.startsAt)),
    endsAt: Math.max(...alerts.map((a) => a.endsAt ?? a.startsAt)),
    alerts,
  };
}
