/** `shepherd report`: the periodic review of a period, as Markdown, JSON, CSV or one HTML page. */
import { writeFileSync } from "node:fs";
import { displayZone } from "../../core/text/format-instant.ts";
import { computeReview, readReviewIssues } from "../../report/compute-review.ts";
import { formatCsv } from "../../report/format-csv.ts";
import { formatHtml } from "../../report/format-html.ts";
import { formatJson } from "../../report/format-json.ts";
import { formatMarkdown } from "../../report/format-markdown.ts";
import { isPeriodProblem, parseDay, parsePeriod } from "../../report/period.ts";
import type { Review } from "../../report/review.ts";
import { checkOutputPath } from "../check-output-path.ts";
import { UsageError, type CliIO } from "../io.ts";
import { parseNow, type CliOptions } from "../options.ts";
import { openTracker } from "../open-tracker.ts";
import { loadRulesFor } from "./load.ts";

const FORMATS: Readonly<Record<string, (review: Review) => string>> = { md: formatMarkdown, json: formatJson, csv: formatCsv, html: formatHtml };

function formatterFor(name: string | undefined): (review: Review) => string {
  const formatter = FORMATS[name ?? "md"];
  if (formatter === undefined) throw new UsageError(`--format: expected md, json, csv or html, found ${JSON.stringify(name)}`);
  return formatter;
}

function requiredDate(option: "from" | "to", text: string | undefined): string {
  const role = option === "from" ? "the first day of the period" : "the last day of the period, included";
  if (text === undefined) throw new UsageError(`missing --${option}: expected a date as YYYY-MM-DD (${role}, in the rules' calendar zone), e.g. --from 2026-03-01 --to 2026-03-31`);
  if (parseDay(text) === undefined) throw new UsageError(`--${option}: expected a real date as YYYY-MM-DD (${role}), found ${JSON.stringify(text)}`);
  return text;
}

export async function runReport(options: CliOptions, positionals: readonly string[], io: CliIO): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`report: expected only options (--rules, --tracker, --from, --to, --format, --out), found ${JSON.stringify(positionals[0])}`);
  const format = formatterFor(options.format);
  const from = requiredDate("from", options.from);
  const to = requiredDate("to", options.to);
  const now = parseNow(options.now, Date.now);
  const outPath = checkOutputPath("--out", options.out, io, { writes: "the report", example: "report.html" });
  const rules = loadRulesFor(options.rules, io, now);
  if (!rules) return 2;
  const period = parsePeriod(from, to, displayZone(rules));
  if (isPeriodProblem(period)) throw new UsageError(period.message);
  const tracker = await openTracker(options.tracker, rules, io, now);
  const issues = await readReviewIssues(tracker, period, {
    onSkip: (skipped) => io.stderr.write(`shepherd: warning: left out of the report: ${skipped.id}: ${skipped.reason}\n`),
    ...(options.jql === undefined ? {} : { jql: options.jql }),
  });
  const text = format(computeReview({ issues, rules, period, now, tracker: tracker.name }));
  if (outPath === undefined) {
    io.stdout.write(text);
    return 0;
  }
  try {
    writeFileSync(outPath, text);
  } catch (error) {
    io.stderr.write(`shepherd: could not write the report to ${outPath} (${(error as Error).message}); nothing else was written. Check the path and the free space.\n`);
    return 1;
  }
  io.stderr.write(`shepherd: wrote the report of ${period.from} – ${period.to} (${period.timezone}) to ${outPath}\n`);
  return 0;
}
