/**
 * The rule format is composed from the registered trackers' rule settings: the shipped format is
 * GitHub's and Jira's, and a third tracker declared only in a test (as a new tracker's folder
 * would) gets its keys in the schema, its editor help, its compiled mappings under its name and
 * its alert target's checks, with nothing of the core changed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RULE_FORMAT, TRACKER_RULE_SETTINGS } from "../../src/config/trackers.ts";
import type { TrackerCapabilities } from "../../src/core/model.ts";
import { formatDiagnostic } from "../../src/core/rules/diagnostics.ts";
import { ruleFileJsonSchema } from "../../src/core/rules/json-schema.ts";
import { loadRules } from "../../src/core/rules/load-rules.ts";
import { ruleFormat, type RuleFormat } from "../../src/core/rules/rule-format.ts";
import type { TrackerRuleSettings } from "../../src/core/rules/tracker-rule-settings.ts";
import { GITHUB_CAPABILITIES } from "../../src/github/capabilities.ts";
import { JIRA_CAPABILITIES } from "../../src/jira/capabilities.ts";

const PRESET = readFileSync(new URL("../../rules/support.yml", import.meta.url), "utf8");

const ACME_CAPABILITIES: TrackerCapabilities = { source: "acme", nativePriority: true, workflowStatus: true, issueTypes: false, internalComments: false, singleAssignee: true };

/** A tracker as its own folder would declare it: a board field per named field, a priority word, a board for alerts. */
const ACME: TrackerRuleSettings = {
  name: "acme",
  capabilities: ACME_CAPABILITIES,
  title: "Acme",
  product: "Acme Desk",
  personIds: "Acme handles",
  answerOptions: "the Acme choices",
  field: {
    schema: z.strictObject({ box: z.string().optional().meta({ description: "The Acme box holding the answer." }) }).optional().meta({ description: "Where the answer is on Acme." }),
    read: (spec) => ({ fields: (spec as { box?: string } | undefined)?.box === undefined ? [] : [(spec as { box: string }).box] }),
    sharesSections: true,
  },
  level: { shape: { urgency: z.string().optional().meta({ description: "Acme urgency word of this level." }) }, read: (level) => ({ native: level["urgency"] as string | undefined }) },
  team: { shape: { crews: z.array(z.string()).default([]).meta({ description: "Acme crews that count as team." }) }, read: (team) => ({ groups: team["crews"] as string[] }) },
  alerts: {
    shape: { board: z.string().optional().meta({ description: "Acme: the board alert issues are opened on." }) },
    target: "board",
    example: "BOARD",
    fieldAnswers: "a box",
    check: (spec, at) => (spec["board"] === "closed" ? [{ path: at("board"), message: "expected an open board, found closed" }] : []),
    read: (spec) => ({ project: spec["board"] as string | undefined }),
  },
};

function load(format: RuleFormat, text: string): { rules?: ReturnType<typeof loadRules>["rules"]; messages: string[] } {
  const files: Record<string, string> = { "rules.yml": text, "presets/support.yml": PRESET };
  const result = loadRules("rules.yml", { read: (p) => files[p], resolve: (ref) => (ref === "support" ? "presets/support.yml" : undefined) }, format);
  return { rules: result.rules, messages: result.diagnostics.map(formatDiagnostic) };
}

type Json = Record<string, unknown>;
const at = (schema: unknown, ...path: string[]): Json => path.reduce((s, key) => s[key] as Json, schema as Json);
/** A mapping entry of the JSON Schema, past the `null` the loader takes as a removal. */
const entry = (schema: Json): Json => ((schema["anyOf"] as Json[] | undefined)?.[0] ?? schema);

describe("the registered trackers", () => {
  it("are GitHub and Jira, each keyed by its capabilities' source", () => {
    expect(TRACKER_RULE_SETTINGS.map((t) => t.name)).toEqual([GITHUB_CAPABILITIES.source, JIRA_CAPABILITIES.source]);
    expect(RULE_FORMAT.trackers).toBe(TRACKER_RULE_SETTINGS);
  });

  it("make the schema the committed schema/rules.schema.json is", () => {
    expect(`${JSON.stringify(ruleFileJsonSchema(RULE_FORMAT), null, 2)}\n`).toBe(readFileSync(new URL("../../schema/rules.schema.json", import.meta.url), "utf8"));
  });

  it("refuse two trackers of one name, and a name apart from the capabilities' source", () => {
    expect(() => ruleFormat([...TRACKER_RULE_SETTINGS, ACME, ACME])).toThrow(/two trackers register the rule settings of "acme"/);
    expect(() => ruleFormat([{ ...ACME, name: "acme2" }])).toThrow(/apart from its capabilities' source "acme"/);
  });
});

describe("a new tracker declared in its own folder", () => {
  const format = ruleFormat([...TRACKER_RULE_SETTINGS, ACME]);

  it("adds its keys and their help to the schema, and its name to the shared keys' help", () => {
    const schema = ruleFileJsonSchema(format);
    const field = entry(at(entry(at(schema, "properties", "fields")), "additionalProperties"));
    expect(Object.keys(at(field, "properties"))).toEqual(["title", "github", "jira", "acme", "in-comments"]);
    expect(at(field, "properties", "acme")["description"]).toBe("Where the answer is on Acme.");
    expect(String(schema["description"])).toContain("GitHub Issues and Jira and Acme Desk");
    const alerts = entry(at(schema, "properties", "alerts"));
    expect(entry(at(alerts, "properties", "tracker"))["enum"]).toEqual(["github", "jira", "acme"]);
    expect(at(alerts, "properties", "tracker")["description"]).toBe("Where alert issues are opened: github (repository:) or jira (project:) or acme (board:).");
    expect(JSON.stringify(schema)).toContain("People: GitHub logins, Jira accountIds, Acme handles, or {github, jira, acme} pairs.");
    expect(JSON.stringify(schema)).toContain("Jira, Acme workflow status name(s).");
  });

  it("compiles its keys into mappings under its name, beside GitHub's and Jira's", () => {
    const { rules, messages } = load(
      format,
      [
        "extends: support",
        "team: { crews: [night-shift] }",
        "fields:",
        "  impact: { github: { section: Impact }, acme: { box: impact-box } }",
        "groups:",
        "  duty: [li-wei, { github: octo, acme: octo-acme }]",
        "priority:",
        // Jira's priority name removed: the level's value in a tracker's own priority field is Acme's.
        "  levels: { P0: { urgency: burning, jira: null } }",
        "",
      ].join("\n"),
    );
    expect(messages).toEqual([]);
    expect(rules?.fields.get("impact")?.sources["acme"]).toEqual({ sections: ["Impact"], fields: ["impact-box"] });
    expect(rules?.fields.get("impact")?.sources["github"]).toEqual({ sections: ["Impact"], fields: [] });
    expect(rules?.groups.get("duty")?.members).toEqual([{ github: "li-wei", jira: "li-wei", acme: "li-wei" }, { github: "octo", acme: "octo-acme" }]);
    expect(rules?.priority.byNative.get("burning")?.name).toBe("P0");
    expect([...(rules?.team.groups ?? [])]).toEqual(["night-shift"]);
  });

  it("checks its alert target with the same words as the others', and its own check", () => {
    expect(load(format, "extends: support\nalerts: { tracker: acme }\n").messages).toEqual([
      "rules.yml:2:20: alerts.tracker: expected board: BOARD beside tracker: acme (where alert issues are opened), found none",
    ]);
    expect(load(format, "extends: support\nalerts: { tracker: acme, board: closed, project: OPS }\n").messages).toEqual([
      "rules.yml:2:33: alerts.board: expected an open board, found closed",
      "rules.yml:2:50: alerts.project: expected no project with tracker: acme (a Jira setting), found one; remove it or set tracker: jira",
    ]);
    const { rules } = load(format, "extends: support\nalerts: { tracker: acme, board: OPS-BOARD }\n");
    expect(rules?.alerts).toMatchObject({ tracker: "acme", project: "OPS-BOARD" });
  });

  it("opens alert issues where its own keys say, wherever it is registered, and takes no other tracker's keys", () => {
    const [github, jira] = TRACKER_RULE_SETTINGS as [TrackerRuleSettings, TrackerRuleSettings];
    for (const order of [[github, jira, ACME], [ACME, github, jira], [github, ACME, jira]]) {
      const { rules, messages } = load(ruleFormat(order), "extends: support\nalerts: { tracker: acme, board: OPS-BOARD }\n");
      expect(messages).toEqual([]);
      // Jira's default issue type (Bug) is a Jira setting: a tracker whose keys name none has none.
      expect({ project: rules?.alerts?.project, issueType: rules?.alerts?.issueType }).toEqual({ project: "OPS-BOARD", issueType: "" });
    }
    expect(load(format, "extends: support\nalerts: { tracker: jira, project: OPS }\n").rules?.alerts).toMatchObject({ tracker: "jira", project: "OPS", issueType: "Bug" });
  });

  it("is unknown to a format that does not register it", () => {
    expect(load(RULE_FORMAT, "extends: support\nteam: { crews: [night-shift] }\n").messages[0]).toMatch(/unknown key "crews"/);
  });
});
