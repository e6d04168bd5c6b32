/** `shepherd explain ISSUE`: why each rule did or did not fire, with the clock arithmetic. */
import { evaluate } from "../../core/evaluate.ts";
import type { Plan } from "../../core/plan.ts";
import { describeTimeSettings, displayZone, formatInstant, timeSettings } from "../../core/text/format-instant.ts";
import { describeOperation } from "../../audit/describe-operation.ts";
import { coloursFor, UsageError, type CliIO } from "../io.ts";
import { parseNow, type CliOptions } from "../options.ts";
import { openTracker } from "../open-tracker.ts";
import { readNamedIssue } from "../read-named-issue.ts";
import { loadRulesFor } from "./load.ts";

/** How the priority was set, in the header line: the matrix cell, or the words that decided. */
function prioritySource(plan: Plan): string {
  const source = plan.prioritySource;
  if (source?.kind === "matrix") return ` — matrix cell impact ${source.impact} × urgency ${source.urgency}`;
  if (source?.kind === "words" && source.words.length > 0) return ` — from the words ${source.words.map((w) => JSON.stringify(w)).join(" + ")}`;
  return "";
}

export async function runExplain(options: CliOptions, positionals: readonly string[], io: CliIO): Promise<number> {
  const [id] = positionals;
  if (id === undefined) throw new UsageError("explain: expected an issue (12, #12, owner/repo#12 or PROJ-12)");
  const now = parseNow(options.now, Date.now);
  const rules = loadRulesFor(options.rules, io, now);
  if (!rules) return 2;
  const tracker = await openTracker(options.tracker, rules, io, now);
  const issue = await readNamedIssue(tracker, id, rules, now);
  const plan = evaluate(issue, rules, now, { explain: true });
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ...plan, time: timeSettings(rules) }, null, 2)}\n`);
    return 0;
  }
  const c = coloursFor(io.stdout, io.env);
  const out: string[] = [];
  out.push(c.bold(`${issue.id}  ${issue.title}`));
  out.push(`state ${issue.state}${issue.closeReason ? ` (${issue.closeReason})` : ""} · priority ${plan.priority}${plan.priorityInferred ? " (inferred)" : ""}${prioritySource(plan)} · category ${plan.category ?? "none"} · at ${formatInstant(now, displayZone(rules))}`);
  out.push(c.dim(describeTimeSettings(timeSettings(rules))));
  out.push("");
  for (const entry of plan.trace) {
    const mark = entry.fired ? c.green("● fired") : c.dim("○ idle ");
    out.push(`${mark}  ${c.bold(entry.rule)}`);
    for (const note of entry.notes) out.push(`          ${note}`);
  }
  out.push("");
  out.push(c.bold(plan.operations.length === 0 ? "Plan: nothing to change." : `Plan: ${plan.operations.length} change(s)`));
  for (const op of plan.operations) out.push(`  ${describeOperation(op)}  ${c.dim(`${op.rule}: ${op.reason}`)}`);
  io.stdout.write(`${out.join("\n")}\n`);
  return 0;
}
