import { describe, expect, it } from "vitest";
import { load, lines } from "./load-in-memory.ts";


describe("loadRules: YAML aliases", () => {
  it("reports an alias without its anchor where it is", () => {
    expect(load(lines("a: &x 1", "b: *y")).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:2:4: b: expected an alias of an anchor set above it, found *y with no &y before it",
      ]
    `);
  });

  it("refuses an alias bomb, located", () => {
    const bomb = lines(
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
      "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
      "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
    );
    expect(load(bomb).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:8: c[0]: expected aliases to make at most 100 copies in all, found *b multiplying copies beyond that (refused: this is how a YAML "billion laughs" attack works)",
      ]
    `);
  });

  it("accepts ordinary aliases", () => {
    const { rules, messages } = load(
      lines("extends: support", "sla:", "  clocks:", "    resolution: { targets: &t { P0: 4h, P1: 4h, P2: 24h, P3: 3bd } }", "    first-response: { targets: *t }"),
    );
    expect(messages).toEqual([]);
    expect(rules?.sla.clocks.find((c) => c.name === "first-response")?.targets.get("P3")?.text).toBe("3bd");
  });
});
