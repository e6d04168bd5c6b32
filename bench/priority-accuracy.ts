/**
 * Priority inference on the labelled set of reports (test/fixtures/priority-reports/: English
 * and Chinese, as a support queue receives them, each with the level a support lead gives it).
 * The review set (en.yml, zh.yml: 124 reports) was written first and the preset's keywords were
 * reviewed on it; the held-out set (held-out.yml) was written after and changed nothing, so its
 * figure is the one to trust for reports the keywords have not seen.
 * Each report is evaluated with the support preset as a new issue with no priority and no
 * impact or urgency chosen, so its text alone decides. Prints the share inferred right, the
 * confusion between P0 and the other levels (reports wrongly made P0 are the expensive mistake:
 * they page people at night), and the full confusion matrix. Deterministic: counts, not timings.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { readRules } from "../src/config/read-rules.ts";
import { evaluate } from "../src/core/evaluate.ts";
import type { Issue } from "../src/core/model.ts";
import type { Rules } from "../src/core/rules/rules.ts";
import { GITHUB_CAPABILITIES } from "../src/github/capabilities.ts";

/** One labelled report. */
export interface LabelledReport {
  set: string;
  title: string;
  body: string;
  expected: string;
  why: string;
}

/** Which level each report got, and the counts that summarise it. */
export interface AccuracyFigures {
  total: number;
  correct: number;
  accuracy: number;
  /** expected → inferred → count. */
  confusion: Map<string, Map<string, number>>;
  /** P0 reports inferred P0 / as something else; other reports inferred P0. */
  p0: { hit: number; missed: number; falseAlarms: number };
  /** The reports inferred wrong, with what they got and the words that decided. */
  wrong: { report: LabelledReport; got: string; because: string }[];
}

const SETS = ["en", "zh"] as const;

/**
 * The labelled reports: the review set (English then Chinese, on which the preset's keywords were
 * reviewed), or the held-out set (written afterwards, never used to change them).
 */
export function readReports(which: "review" | "held-out" = "review"): LabelledReport[] {
  return (which === "review" ? SETS : (["held-out"] as const)).flatMap((set) => {
    const text = readFileSync(new URL(`../test/fixtures/priority-reports/${set}.yml`, import.meta.url), "utf8");
    return (parse(text) as Omit<LabelledReport, "set">[]).map((r) => ({ ...r, set }));
  });
}

/** The support preset, as `extends: support` loads it. */
export function presetRules(): Rules {
  const { rules, diagnostics } = readRules(fileURLToPath(new URL("../rules/support.yml", import.meta.url)));
  if (!rules) throw new Error(`rules invalid: ${diagnostics.map((d) => d.message).join("; ")}`);
  return rules;
}

const NOW = Date.parse("2026-03-11T10:00:00+08:00");

/** A report as a new GitHub issue: its text only, no labels, no answers to the form. */
function asIssue(report: LabelledReport, i: number): Issue {
  return {
    capabilities: GITHUB_CAPABILITIES,
    id: `acme/support#${i + 1}`,
    title: report.title,
    body: report.body,
    labels: [],
    state: "open",
    fields: {},
    author: { id: "customer", association: "NONE" },
    assignees: [],
    createdAt: NOW - 600_000,
    comments: [],
    history: [],
  };
}

export function measure(rules: Rules = presetRules(), reports: LabelledReport[] = readReports()): AccuracyFigures {
  const confusion = new Map<string, Map<string, number>>();
  const p0 = { hit: 0, missed: 0, falseAlarms: 0 };
  const wrong: AccuracyFigures["wrong"] = [];
  let correct = 0;
  reports.forEach((report, i) => {
    const plan = evaluate(asIssue(report, i), rules, NOW);
    const got = plan.priority;
    const row = confusion.get(report.expected) ?? new Map<string, number>();
    row.set(got, (row.get(got) ?? 0) + 1);
    confusion.set(report.expected, row);
    if (got === report.expected) correct++;
    else wrong.push({ report, got, because: plan.trace.find((t) => t.rule === "priority")?.notes.at(-1) ?? "" });
    if (report.expected === "P0") {
      if (got === "P0") p0.hit++;
      else p0.missed++;
    } else if (got === "P0") p0.falseAlarms++;
  });
  return { total: reports.length, correct, accuracy: correct / reports.length, confusion, p0, wrong };
}

export async function main(): Promise<void> {
  const rules = presetRules();
  const all = measure(rules);
  const levels = rules.priority.levels.map((l) => l.name);
  const bySet = SETS.map((set) => {
    const f = measure(rules, readReports().filter((r) => r.set === set));
    return `${set} ${f.accuracy.toFixed(3)} (${f.correct}/${f.total})`;
  });
  console.log(`priority inference accuracy: ${all.accuracy.toFixed(3)}`);
  const held = measure(rules, readReports("held-out"));
  console.log(`  (${all.correct} of ${all.total} labelled reports; ${bySet.join(", ")}; target ≥ 0.8 with no P2/P3 report inferred P0)`);
  console.log(`  held-out reports (never used to review the keywords): accuracy ${held.accuracy.toFixed(3)} (${held.correct}/${held.total}), other reports inferred P0 ${held.p0.falseAlarms}, P0 reports missed ${held.p0.missed}`);
  const others = all.total - all.p0.hit - all.p0.missed;
  console.log(
    `  P0 vs the rest: P0 reports inferred P0 ${all.p0.hit}/${all.p0.hit + all.p0.missed}; other reports inferred P0 ${all.p0.falseAlarms}/${others}`,
  );
  const row = (expected: string) => levels.map((got) => String(all.confusion.get(expected)?.get(got) ?? 0).padStart(3)).join(" ");
  console.log(`  confusion (rows expected, columns inferred ${levels.join(" ")}): ${levels.map((l) => `${l}[${row(l)}]`).join(" ")}`);
  await Promise.resolve();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
