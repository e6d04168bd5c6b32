/**
 * The shipped issue forms and the preset's priority matrix stay in step: each form has an Impact
 * and an Urgency dropdown under a heading the matrix's fields read, every option is an answer of
 * one of the matrix's values, and every value has an option in each form.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { normaliseAnswer } from "../../src/core/rules/priority-matrix.ts";
import { load } from "./load-in-memory.ts";

interface FormItem {
  type: string;
  id?: string;
  attributes: { label?: string; options?: (string | { label: string })[] };
  validations?: { required?: boolean };
}

const { rules } = load("extends: support\n");
const matrix = rules?.priority.matrix;
const readForm = (name: string) => parse(readFileSync(new URL(`../../.github/ISSUE_TEMPLATE/${name}`, import.meta.url), "utf8")) as { body: FormItem[] };

describe.each(["support-en.yml", "support-zh.yml"])("the issue form %s", (name) => {
  const form = readForm(name);
  for (const axis of ["impact", "urgency"] as const) {
    it(`has a required ${axis} dropdown whose options are the matrix's ${axis} values`, () => {
      expect(matrix).toBeDefined();
      const spec = matrix![axis];
      const headings = rules!.fields.get(spec.field)!.sources.github!.sections.map(normaliseAnswer);
      const dropdowns = form.body.filter((item) => item.type === "dropdown" && headings.includes(normaliseAnswer(item.attributes.label ?? "")));
      expect(dropdowns).toHaveLength(1);
      const [dropdown] = dropdowns;
      expect(dropdown?.validations?.required).toBe(true);
      const options = (dropdown?.attributes.options ?? []).map((o) => (typeof o === "string" ? o : o.label));
      const values = options.map((o) => spec.byAnswer.get(normaliseAnswer(o))?.key);
      // Every option means a value, each value has exactly one option, in the matrix's order.
      expect(values).toEqual(spec.values.map((v) => v.key));
    });
  }
});
