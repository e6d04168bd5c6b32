/**
 * Text inference on the labelled reports (test/fixtures/priority-reports/): the preset infers the
 * level a support lead gives at least 8 times in 10, never makes a P2 or P3 report P0, and no
 * single common word (支付, payment, error, 报错, …) makes a report P0 on its own. The held-out
 * reports, written after the keywords were reviewed, are held to the same bar. The inference
 * stays linear in the length of the text.
 */
import { describe, expect, it } from "vitest";
import { measure, presetRules, readReports } from "../../bench/priority-accuracy.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import { expectLinear } from "./linear-time.ts";

const rules = presetRules();
const NOW = Date.parse("2026-03-11T10:00:00+08:00");
const inferred = (title: string, body = "") => evaluate(issueFromSpec({ title, body, created: "2026-03-11T09:50:00+08:00" }, 0), rules, NOW).priority;

describe("priority inference on the labelled reports", () => {
  it("has at least 120 reports, about half English and half Chinese, of every level", () => {
    const reports = readReports();
    expect(reports.length).toBeGreaterThanOrEqual(120);
    const en = reports.filter((r) => r.set === "en").length;
    expect(Math.abs(en - (reports.length - en))).toBeLessThanOrEqual(reports.length / 10);
    expect(new Set(reports.map((r) => r.expected))).toEqual(new Set(["P0", "P1", "P2", "P3"]));
  });

  it.each(["review", "held-out"] as const)("the %s set: accuracy ≥ 0.8, and no P2 or P3 report inferred P0", (which) => {
    const figures = measure(rules, readReports(which));
    const falseP0 = figures.wrong.filter((w) => w.got === "P0" && w.report.expected !== "P0").map((w) => w.report.title);
    expect(falseP0).toEqual([]);
    expect(figures.accuracy).toBeGreaterThanOrEqual(0.8);
  });

  it("no single common word makes a report P0", () => {
    for (const word of ["支付", "payment", "error", "报错", "outage", "宕机", "all", "所有", "无法", "down", "failed", "data loss"]) {
      expect([word, inferred(word)]).not.toEqual([word, "P0"]);
    }
    expect(inferred("支付页面有错别字")).toBe("P3");
    expect(inferred("支付成功但订单状态不更新，个别用户")).toBe("P2");
    expect(inferred("Error in the docs")).toBe("P3");
    expect(inferred("所有用户无法支付")).toBe("P0");
    expect(inferred("Payment page typo")).toBe("P3");
  });

  it("the issue forms' own headings (Symptom and error message, 故障现象与错误信息) decide nothing", () => {
    const en = "### Impact scope\n\nAll users (≥ 50 %)\n\n### Symptom and error message\n\nThe page shows a spinner\n\n### Start time\n\ntoday";
    const zh = "### 影响范围\n\n部门或用户组\n\n### 故障现象与错误信息\n\n页面一直转圈\n\n### 开始时间\n\n今天";
    expect(inferred("Checkout page", en)).toBe("P2");
    expect(inferred("收银台页面", zh)).toBe("P2");
  });

  it("the words that decided are in the plan", () => {
    const plan = evaluate(issueFromSpec({ title: "所有用户无法支付", created: "2026-03-11T09:50:00+08:00" }, 0), rules, NOW);
    expect(plan.prioritySource).toEqual({ kind: "words", words: ["所有", "无法"] });
  });

  it("stays linear in the length of the text", () => {
    const unit = "all users cannot pay 所有用户无法支付 some merchants error ";
    expectLinear("priority inference", (size) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size), (body) => inferred("Report", body));
  });
});
