/**
 * The fold of an alert group's deliveries: the same state whatever order they come in, a
 * delivery folded twice changes nothing, and the current episode is read from the state.
 */
import { describe, expect, it } from "vitest";
import { type Alert, type AlertGroup, currentEpisode, MAX_ALERTS_PER_GROUP, mergeGroups } from "../../../src/core/alerts/alert-group.ts";

const T = Date.parse("2026-03-02T09:00:00Z");
const MIN = 60_000;

function alert(fingerprint: string, status: Alert["status"], startsAt: number, endsAt?: number): Alert {
  return { fingerprint, status, labels: { alertname: "Down", instance: fingerprint }, annotations: {}, startsAt, ...(endsAt === undefined ? {} : { endsAt }) };
}

const group = (...alerts: Alert[]): AlertGroup => ({ source: "alertmanager", groupKey: "g", groupLabels: { alertname: "Down" }, commonLabels: { alertname: "Down" }, commonAnnotations: {}, alerts });

/** Every order of the items. */
function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i++) for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) yield [items[i] as T, ...rest];
}

describe("mergeGroups", () => {
  const deliveries = [
    group(alert("a", "firing", T)),
    group(alert("a", "firing", T), alert("b", "firing", T + 2 * MIN)),
    group(alert("a", "resolved", T, T + 10 * MIN), alert("b", "firing", T + 2 * MIN)),
    group(alert("a", "resolved", T, T + 10 * MIN), alert("b", "resolved", T + 2 * MIN, T + 12 * MIN)),
    group(alert("a", "firing", T + 60 * MIN)),
  ];

  it("gives one state for every order of the deliveries, retries included", () => {
    const states = new Set<string>();
    for (const order of permutations([...deliveries, deliveries[2] as AlertGroup])) {
      let state: AlertGroup | undefined;
      for (const delivery of order) state = mergeGroups(state, delivery);
      states.add(JSON.stringify(state?.alerts));
    }
    expect(states.size).toBe(1);
    const [only] = states;
    const alerts = JSON.parse(only ?? "[]") as Alert[];
    expect(alerts.map((a) => [a.fingerprint, a.status, a.startsAt])).toEqual([
      ["a", "firing", T + 60 * MIN],
      ["b", "resolved", T + 2 * MIN],
    ]);
  });

  it("keeps a bounded number of alerts, dropping those resolved longest ago", () => {
    const many = Array.from({ length: MAX_ALERTS_PER_GROUP + 20 }, (_, i) => alert(`f${String(i).padStart(4, "0")}`, "resolved", T, T + i * MIN));
    const merged = mergeGroups(undefined, group(...many, alert("live", "firing", T)));
    expect(merged.alerts).toHaveLength(MAX_ALERTS_PER_GROUP);
    expect(merged.alerts.some((a) => a.fingerprint === "live")).toBe(true);
    expect(merged.alerts.some((a) => a.fingerprint === "f0000")).toBe(false);
  });
});

describe("currentEpisode", () => {
  it("is firing from the earliest firing start while any alert fires", () => {
    expect(currentEpisode(group(alert("a", "resolved", T, T + 5 * MIN), alert("b", "firing", T + 3 * MIN)))).toMatchObject({ status: "firing", startsAt: T + 3 * MIN });
  });

  it("is the last resolved episode, leaving out alerts that ended before it began", () => {
    const episode = currentEpisode(group(alert("old", "resolved", T - 120 * MIN, T - 100 * MIN), alert("a", "resolved", T, T + 20 * MIN), alert("b", "resolved", T + 5 * MIN, T + 15 * MIN)));
    expect(episode).toMatchObject({ status: "resolved", startsAt: T, endsAt: T + 20 * MIN });
    expect(episode?.alerts.map((a) => a.fingerprint)).toEqual(["a", "b"]);
  });

  it("is none for a group without alerts", () => {
    expect(currentEpisode(group())).toBeUndefined();
  });
});
