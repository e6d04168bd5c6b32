/**
 * Every clock kind has its module, registered once: the registry, the rule file's schema and
 * the loader agree on the kinds and on the clock names that imply one.
 */
import { describe, expect, it } from "vitest";
import { CLOCK_KIND_NAMES } from "../../src/core/clocks/clock-kind-names.ts";
import { CLOCK_KINDS, kindNamed } from "../../src/core/clocks/registry.ts";
import { RULE_FORMAT } from "../../src/config/trackers.ts";
import { ruleFileJsonSchema } from "../../src/core/rules/json-schema.ts";
import { load, lines } from "./load-in-memory.ts";

type Json = Record<string, unknown>;

/** The non-null branch of a setting that also accepts null (a removal). */
const setting = (node: unknown): Json => {
  const anyOf = (node as Json)["anyOf"] as Json[] | undefined;
  return (anyOf?.find((s) => s["type"] !== "null") ?? node) as Json;
};

describe("the clock kinds' registry", () => {
  it("has one module per kind name, each registered under its own kind", () => {
    expect(Object.keys(CLOCK_KINDS).sort()).toEqual([...CLOCK_KIND_NAMES].sort());
    for (const [key, module] of Object.entries(CLOCK_KINDS)) expect(module.kind).toBe(key);
  });

  it("knows each clock name that implies a kind, once", () => {
    const names = Object.values(CLOCK_KINDS).flatMap((m) => m.names);
    expect(new Set(names).size).toBe(names.length);
    for (const module of Object.values(CLOCK_KINDS)) for (const name of module.names) expect(kindNamed(name)).toBe(module.kind);
    expect(kindNamed("toString")).toBeUndefined();
    expect(kindNamed("watch")).toBeUndefined();
  });

  it("is what the rule file's schema offers as kinds", () => {
    const sla = setting((ruleFileJsonSchema(RULE_FORMAT)["properties"] as Json)["sla"]);
    const clocks = setting((sla["properties"] as Json)["clocks"]);
    const anyClock = setting(clocks["additionalProperties"]);
    expect(setting((anyClock["properties"] as Json)["kind"])["enum"]).toEqual([...CLOCK_KIND_NAMES]);
    expect(Object.keys(clocks["properties"] as Json).sort()).toEqual(Object.values(CLOCK_KINDS).flatMap((m) => m.names).sort());
  });

  it("gives a clock the kind its name implies, and a clock of another name the kind it names", () => {
    const declared = Object.values(CLOCK_KINDS).flatMap((m) => m.names.map((name) => `    ${name}: { targets: { P2: 4h } }`));
    const { rules, messages } = load(lines("priority:", "  levels: { P2: {} }", "sla:", "  clocks:", ...declared, "    follow-up: { kind: update, targets: { P2: 1d } }"));
    expect(messages).toEqual([]);
    const kinds = Object.fromEntries((rules?.sla.clocks ?? []).map((c) => [c.name, c.kind]));
    for (const module of Object.values(CLOCK_KINDS)) for (const name of module.names) expect(kinds[name]).toBe(module.kind);
    expect(kinds["follow-up"]).toBe("update");
  });

  it("asks for a kind, naming every registered one, where the name implies none", () => {
    const { messages } = load(lines("priority:", "  levels: { P2: {} }", "sla:", "  clocks:", "    watch: { targets: { P2: 1d } }"));
    expect(messages).toEqual([`rules.yml:5:12: sla.clocks.watch: expected a kind (${CLOCK_KIND_NAMES.join(", ")}) for clock "watch", found none`]);
  });
});
