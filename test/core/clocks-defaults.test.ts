/**
 * Defaults live in the rule file's schema: `shepherd schema` shows each one, the loader applies
 * the same to the merged files — and only to the merged files, so that a file extending another
 * never gets a default in place of what the extended file sets.
 */
import { describe, expect, it } from "vitest";
import { CLOCK_KINDS } from "../../src/core/clocks/registry.ts";
import { RULE_FORMAT } from "../../src/config/trackers.ts";
import { ruleFileJsonSchema } from "../../src/core/rules/json-schema.ts";
import { load, lines } from "./load-in-memory.ts";

type Json = Record<string, unknown>;

/** The setting at `path` of the JSON Schema (`*`: any name of a mapping, a number: a list's item). */
function settingAt(schema: Json, path: readonly (string | number)[]): Json {
  let node = schema;
  for (const key of path) {
    // A setting that also takes null (a removal) is the non-null branch.
    const anyOf = node["anyOf"] as Json[] | undefined;
    const inner = anyOf?.find((s) => s["type"] === "object" || s["type"] === "array") ?? node;
    const next = typeof key === "number" ? inner["items"] : key === "*" ? inner["additionalProperties"] : (inner["properties"] as Json | undefined)?.[key];
    if (next === undefined) throw new Error(`no setting ${path.join(".")} in the schema (at ${String(key)})`);
    node = next as Json;
  }
  return node;
}

const schema = ruleFileJsonSchema(RULE_FORMAT);
const defaultAt = (...path: (string | number)[]): unknown => settingAt(schema, path)["default"];

/** Rules from a file naming only what has no default: the compiled values are the defaults. */
const minimal = load(
  lines(
    "priority: { levels: { P1: {}, P2: {} } }",
    "fields: { root-cause: {}, impact: {} }",
    "groups: { on-call: { members: [li-wei] } }",
    "intake: { require: [impact] }",
    "closure: { require: [root-cause] }",
    "scope: { labels: [support] }",
    "sla: { clocks: { first-response: { targets: { P2: 4h } }, update: { targets: { P2: 1d } }, mitigation: { targets: { P1: 1h } }, resolution: { targets: { P2: 3d } } } }",
    "escalation: { levels: [{ mention: on-call }], root-cause: {} }",
  ),
);

describe("the schema's defaults", () => {
  it("loads the minimal rules", () => {
    expect(minimal.messages).toEqual([]);
  });
  const rules = minimal.rules;

  it("shows every default the loader applies to a section", () => {
    expect(defaultAt("locale")).toBe(rules?.locale);
    expect(defaultAt("bot", "logins")).toEqual(rules?.botLogins);
    expect(defaultAt("team", "associations")).toEqual([...(rules?.team.associations ?? [])]);
    expect(defaultAt("team", "people")).toEqual([...(rules?.team.people ?? ["?"])]);
    expect(defaultAt("scope", "outside")).toBe(rules?.scope?.outside);
    expect(defaultAt("fields", "*", "in-comments")).toBe(rules?.fields.get("impact")?.inComments);
    expect(defaultAt("intake", "label")).toBe(rules?.intake?.label);
    expect(defaultAt("closure", "label")).toBe(rules?.closure?.label);
    expect(defaultAt("closure", "exempt")).toEqual([...(rules?.closure?.exempt ?? [])]);
    expect(defaultAt("sla", "warn-at")).toBe(`${String((rules?.sla.warnAt ?? 0) * 100)}%`);
    expect(defaultAt("sla", "reopen-grace")).toBe(`${String((rules?.sla.reopenGraceMs ?? 0) / 60_000)}m`);
    expect(defaultAt("sla", "labels", "at-risk")).toBe(rules?.sla.atRiskLabel);
    expect(defaultAt("sla", "labels", "breached")).toBe(rules?.sla.breachedLabel);
    expect(defaultAt("escalation", "levels", 0, "after")).toBe(rules?.escalation.levels[0]?.after);
    expect(defaultAt("escalation", "ack", "command")).toBe(rules?.escalation.ackCommand);
    expect(defaultAt("escalation", "ack", "labels")).toEqual(rules?.escalation.ackLabels);
    const rootCause = rules?.escalation.rootCause;
    expect(defaultAt("escalation", "root-cause", "priorities")).toEqual([...(rootCause?.priorities ?? [])]);
    expect(defaultAt("escalation", "root-cause", "within")).toBe(rootCause?.within);
    expect(defaultAt("escalation", "root-cause", "field")).toBe(rootCause?.field);
    expect(defaultAt("escalation", "root-cause", "level")).toBe(rootCause?.level);
  });

  it("shows the defaults of the sections that are always on", () => {
    for (const section of ["bot", "team", "sla", "escalation"]) expect(defaultAt(section)).toEqual({});
    expect(defaultAt("sla", "labels")).toEqual({});
    expect(defaultAt("escalation", "ack")).toEqual({});
  });

  it("shows a group's pick, for a group written as a mapping", () => {
    const group = settingAt(schema, ["groups", "*"]);
    const options = (group["anyOf"] as Json[]).flatMap((s) => (s["anyOf"] as Json[] | undefined) ?? [s]);
    const mapping = options.find((s) => s["type"] === "object") as Json;
    expect(settingAt(mapping, ["pick"])["default"]).toBe(rules?.groups.get("on-call")?.pick);
  });

  it("shows each clock kind's defaults where a clock of its name is written, as the loader applies them", () => {
    for (const module of Object.values(CLOCK_KINDS)) {
      for (const name of module.names) {
        expect(defaultAt("sla", "clocks", name, "kind"), name).toBe(module.kind);
        expect(typeof defaultAt("sla", "clocks", name, "pauses"), name).toBe("boolean");
      }
    }
    for (const clock of rules?.sla.clocks ?? []) {
      expect(defaultAt("sla", "clocks", clock.name, "pauses"), clock.name).toBe(clock.pauses);
      expect(defaultAt("sla", "clocks", clock.name, "label"), clock.name).toBe(clock.label);
    }
    // As the rules have always read: pause-when pauses resolution and updates, and a mitigation is recorded by a label.
    expect(Object.fromEntries((rules?.sla.clocks ?? []).map((c) => [c.name, [c.pauses, c.label]]))).toEqual({
      "first-response": [false, undefined],
      update: [true, undefined],
      mitigation: [false, "mitigated"],
      resolution: [true, undefined],
    });
  });

  it("gives a clock of another name the defaults of the kind it names", () => {
    const { rules, messages } = load(lines("priority: { levels: { P2: {} } }", "sla: { clocks: { follow-up: { kind: resolution, targets: { P2: 1d } }, ask: { kind: mitigation, targets: { P2: 1h } } } }"));
    expect(messages).toEqual([]);
    expect(rules?.sla.clocks.map((c) => [c.name, c.kind, c.pauses, c.label])).toEqual([
      ["follow-up", "resolution", true, undefined],
      ["ask", "mitigation", false, "mitigated"],
    ]);
  });
});

describe("defaults apply to the merged files only", () => {
  const base = lines(
    "priority: { levels: { P1: {}, P2: {} } }",
    "sla:",
    "  warn-at: 50%",
    "  labels: { at-risk: watch/at-risk }",
    "  clocks:",
    "    resolution: { targets: { P2: 3d }, pauses: false }",
    "    mitigation: { targets: { P1: 1h }, label: contained }",
    "    answer: { kind: response, targets: { P2: 4h } }",
    "escalation: { ack: { command: /mine } }",
    "team: { associations: [OWNER] }",
  );

  it("keeps what the extended file sets where the extending file sets another key of the setting", () => {
    const { rules, messages } = load(
      lines(
        "extends: base.yml",
        "sla:",
        "  labels: { breached: watch/breached }",
        "  clocks:",
        "    resolution: { targets: { P2: 2d } }",
        "    mitigation: { targets: { P1: 2h } }",
        "    answer: { targets: { P2: 2h } }",
        "escalation: { ack: { labels: [acked] } }",
        "team: { people: [li-wei] }",
      ),
      { "base.yml": base },
    );
    expect(messages).toEqual([]);
    expect(rules?.sla.warnAt).toBe(0.5);
    expect([rules?.sla.atRiskLabel, rules?.sla.breachedLabel]).toEqual(["watch/at-risk", "watch/breached"]);
    const clocks = Object.fromEntries((rules?.sla.clocks ?? []).map((c) => [c.name, { kind: c.kind, pauses: c.pauses, label: c.label, P: [...c.targets.values()].map((t) => t.text) }]));
    expect(clocks).toEqual({
      resolution: { kind: "resolution", pauses: false, label: undefined, P: ["2d"] },
      mitigation: { kind: "mitigation", pauses: false, label: "contained", P: ["2h"] },
      answer: { kind: "response", pauses: false, label: undefined, P: ["2h"] },
    });
    expect([rules?.escalation.ackCommand, rules?.escalation.ackLabels]).toEqual(["/mine", ["acked"]]);
    expect([...(rules?.team.associations ?? [])]).toEqual(["OWNER"]);
  });

  it("gives the default back where a file removes the extended setting", () => {
    const { rules, messages } = load(lines("extends: base.yml", "sla:", "  warn-at: null", "  clocks:", "    resolution: { pauses: null }"), { "base.yml": base });
    expect(messages).toEqual([]);
    expect(rules?.sla.warnAt).toBe(0.75);
    expect(rules?.sla.clocks.find((c) => c.name === "resolution")?.pauses).toBe(true);
  });

  it("still names the keys a section with defaults takes", () => {
    const { messages } = load(lines("extends: base.yml", "sla: { warnat: 60% }"), { "base.yml": base });
    expect(messages).toEqual([
      'rules.yml:2:8: sla.warnat: unknown key "warnat" — did you mean "warn-at"? Expected one of: calendar, warn-at, reopen-grace, pause-when, labels, clocks.',
    ]);
  });
});
