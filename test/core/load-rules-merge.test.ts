import { describe, expect, it } from "vitest";
import { load, lines } from "./load-in-memory.ts";


describe("loadRules: a file that extends another overrides it", () => {
  it("replaces a calendar's hours as a whole", () => {
    const { rules, messages } = load(lines("extends: support", "calendars:", "  business:", '    hours: { mon-thu: "09:00-17:30", fri: "09:00-16:00" }'));
    expect(messages).toEqual([]);
    // The preset's time zone, the file's week.
    expect(rules?.calendars.get("business")?.describe()).toBe("business (UTC, mon-thu 09:00-17:30, fri 09:00-16:00)");
  });

  it("takes a calendar's time zone alone, keeping the extended hours", () => {
    const { rules, messages } = load(lines("extends: support", "calendars:", "  business:", "    timezone: America/New_York"));
    expect(messages).toEqual([]);
    expect(rules?.calendars.get("business")?.describe()).toBe("business (America/New_York, mon-fri 09:00-18:00)");
  });

  it("replaces a condition as a whole", () => {
    const { rules, messages } = load(lines("extends: support", "intake:", "  when: { label: needs-triage }", "sla:", "  pause-when: { label: on-hold }"));
    expect(messages).toEqual([]);
    expect(rules?.intake?.when).toEqual({ kind: "label", labels: ["needs-triage"] });
    expect(rules?.sla.pauseWhen).toEqual({ kind: "label", labels: ["on-hold"] });
  });

  it("takes a group's pick over an extended list of members", () => {
    const { rules, messages } = load(lines("extends: [support, team.yml]", "groups:", "  on-call: { pick: least-loaded }"), {
      "team.yml": lines("groups:", "  on-call: [li-wei, sam]"),
    });
    expect(messages).toEqual([]);
    expect(rules?.groups.get("on-call")).toEqual({
      name: "on-call",
      pick: "least-loaded",
      members: [
        { github: "li-wei", jira: "li-wei" },
        { github: "sam", jira: "sam" },
      ],
    });
  });

  it("takes a clock's calendar alone, keeping the extended targets", () => {
    const { rules, messages } = load(lines("extends: support", "sla:", "  clocks:", "    resolution: { calendar: business }"));
    expect(messages).toEqual([]);
    const resolution = rules?.sla.clocks.find((c) => c.name === "resolution");
    expect(resolution?.targets.get("P0")?.text).toBe("4h");
    expect(resolution?.calendars.get("P0")?.name).toBe("business");
  });

  it("reports what a merged setting still lacks, at the setting", () => {
    const { messages } = load(
      lines(
        "extends: support",
        "calendars:",
        "  new-york:",
        "    timezone: America/New_York",
        "  london: { hours: { mon-fri: 09:00-17:00 } }",
        "sla:",
        "  clocks:",
        "    triage: { kind: response }",
        "groups:",
        "  triagers: { pick: least-loaded }",
      ),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:3: calendars.new-york.hours: expected working hours per weekday like {mon-fri: 09:00-18:00}, found nothing",
        "rules.yml:5:3: calendars.london.timezone: expected an IANA time zone like Asia/Shanghai or Europe/London, found nothing",
        "rules.yml:8:5: sla.clocks.triage: expected targets (a target per priority level, e.g. targets: {P0: 15m, P2: 4h}), found none",
        "rules.yml:10:3: groups.triagers: expected members (a list of people, e.g. members: [li-wei]), found none",
      ]
    `);
  });
});

describe("loadRules: null removes a setting of the extended files", () => {
  it("removes clocks, targets, categories and groups", () => {
    const { rules, messages } = load(
      lines(
        "extends: support",
        "sla:",
        "  clocks:",
        "    mitigation: null",
        "    resolution:",
        "      targets: { P1: null }",
        "categories:",
        "  hardware: null",
        "groups:",
        "  on-call: ~",
        "escalation:",
        "  levels: [{ assign: team-lead }]",
      ),
    );
    expect(messages).toEqual([]);
    expect(rules?.sla.clocks.map((c) => c.name)).toEqual(["first-response", "update", "resolution", "feedback"]);
    expect([...(rules?.sla.clocks.find((c) => c.name === "resolution")?.targets.keys() ?? [])]).toEqual(["P0", "P2", "P3"]);
    expect(rules?.categories.map((c) => c.name)).not.toContain("hardware");
    expect([...(rules?.groups.keys() ?? [])]).toEqual(["team-lead", "support-manager"]);
  });

  it("removes through every file in the chain, in order", () => {
    const { rules, messages } = load(lines("extends: team.yml", "categories:", "  hardware: { labels: [hw] }"), {
      "team.yml": lines("extends: support", "categories:", "  hardware: null"),
    });
    expect(messages).toEqual([]);
    expect(rules?.categories.find((c) => c.name === "hardware")?.labels).toEqual(["hw"]);
  });

  it("keeps null as a value in own rules", () => {
    const { rules, messages } = load(lines("extends: support", "rules:", "  - { name: clear, then: [{ set-field: { name: impact, value: null } }] }"));
    expect(messages).toEqual([]);
    expect(rules?.rules[0]?.then[0]).toEqual({ kind: "set-field", field: "impact", value: null });
  });

  it("says which null removed a name that is still referred to", () => {
    const { messages } = load(lines("extends: support", "fields:", "  impact: null", "  symptom: null", "intake:", "  require: [symptom, steps]"));
    expect(messages).toMatchInlineSnapshot(`
      [
        "presets/support.yml:62:14: priority.matrix.impact.field: expected a declared field (urgency, started, steps, environment, root-cause, solution, verification), found "impact"; declare it under fields — removed by the null at rules.yml:3:3",
        "rules.yml:6:13: intake.require[0]: expected a declared field (urgency, started, steps, environment, root-cause, solution, verification), found "symptom"; declare it under fields — removed by the null at rules.yml:4:3",
      ]
    `);
  });

  it("reports a null that removes nothing, and a null where a value is needed", () => {
    const { messages } = load(
      lines(
        "extends: support",
        "categories:",
        "  hardwar: null",
        "intake:",
        "  requir: null",
        "  when: { label: null }",
        "escalation:",
        "  levels: [{ assign: null }]",
      ),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:3: categories.hardwar: expected a setting of the extended files to remove (null removes one), found none there — did you mean "hardware"?",
        "rules.yml:5:3: intake.requir: unknown key "requir" — did you mean "require"? Expected one of: require, label, when, similar-cases.",
        "rules.yml:6:18: intake.when.label: expected a text or a list, found null",
        "rules.yml:8:22: escalation.levels[0].assign: expected a text or a list, found null",
      ]
    `);
  });
});
