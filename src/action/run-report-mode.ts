/**
 * The Action's report mode: compute the review of the last complete week or month (or the
 * current one so far) from the repository's issues, write it as one HTML page for
 * upload-artifact and as JSON, and keep it as one issue per period — created once, then edited
 * in place by every later run of the same period. Writes nothing on a dry run.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Rules } from "../core/rules/rules.ts";
import { reviewKey } from "../core/review/review-issue.ts";
import { displayZone } from "../core/text/format-instant.ts";
import { createGitHubReviewPublisher } from "../github/review-issues.ts";
import { splitRepository } from "../github/create-github-tracker.ts";
import { computeReview, readReviewIssues } from "../report/compute-review.ts";
import { formatHtml } from "../report/format-html.ts";
import { formatJson } from "../report/format-json.ts";
import { formatMarkdown } from "../report/format-markdown.ts";
import { type PublishOutcome, publishReview } from "../report/publish-review.ts";
import { reviewPeriod } from "../report/review-period.ts";
import type { ActionHost } from "./action-host.ts";
import { type ActionSeams, openGitHub } from "./open-github.ts";
import type { ActionInputs } from "./read-action-inputs.ts";
import type { ActionMode } from "./read-mode-inputs.ts";

/** GitHub refuses an issue body longer than this many characters. */
export const GITHUB_BODY_LIMIT = 65_536;
/** Room kept for the hidden key and the note of a cut review. */
const BODY_ROOM = 400;

/** The review's Markdown, cut at a line to fit an issue body, with a note that points to the HTML page. */
export function fitIssueBody(markdown: string, limit = GITHUB_BODY_LIMIT - BODY_ROOM): string {
  if (markdown.length <= limit) return markdown;
  const cut = markdown.lastIndexOf("\n", limit);
  return `${markdown.slice(0, cut > 0 ? cut : limit)}\n\n_The review is longer than an issue can hold and was cut here; the whole review is in the run's HTML artifact._\n`;
}

/** The folder for the run's files: the runner's temporary folder, else the workspace. */
const outputFolder = (host: ActionHost): string => host.env.RUNNER_TEMP || host.env.GITHUB_WORKSPACE || tmpdir();

function describe(outcome: PublishOutcome, title: string, label: string): string {
  const where = outcome.issue === undefined ? "" : ` #${outcome.issue.number} (${outcome.issue.url})`;
  switch (outcome.action) {
    case "created":
      return `created the review issue${where} "${title}" labelled ${label}`;
    case "edited":
      return `edited the review issue${where} in place: the figures changed`;
    case "unchanged":
      return `the review issue${where} already reads this review: nothing written`;
    case "would-create":
      return `dry run: would create the review issue "${title}" labelled ${label}`;
    case "would-edit":
      return `dry run: would edit the review issue${where}: the figures changed`;
  }
}

/** Run the report mode; returns the exit code (0 done, 1 a read or write failed). */
export async function runReportMode(host: ActionHost, inputs: ActionInputs, rules: Rules, mode: Extract<ActionMode, { kind: "report" }>, seams: ActionSeams): Promise<number> {
  const now = host.now();
  const { octokit, tracker } = openGitHub(host, inputs, rules, seams);
  const { owner, repo } = splitRepository(inputs.repository);
  const { name, period } = reviewPeriod(mode.span, mode.which, now, displayZone(rules));
  host.info(`issue-shepherd: review of ${mode.which === "last" ? "the last" : "this"} ${mode.span}, ${name} (${period.from} – ${period.to}, ${period.timezone})${inputs.dryRun ? " (dry run)" : ""}`);
  const issues = await readReviewIssues(tracker, period, {
    onSkip: (skipped) => host.warning(`left out of the review: ${skipped.id}: ${skipped.reason}`),
  });
  const review = computeReview({ issues, rules, period, now, tracker: tracker.name });

  const folder = outputFolder(host);
  const htmlPath = join(folder, `issue-shepherd-review-${name}.html`);
  const jsonPath = join(folder, `issue-shepherd-review-${name}.json`);
  writeFileSync(htmlPath, formatHtml(review));
  writeFileSync(jsonPath, formatJson(review));
  host.setOutput("report-html", htmlPath);
  host.setOutput("report", jsonPath);

  const markdown = formatMarkdown(review);
  const title = `Support review ${name}`;
  const publisher = createGitHubReviewPublisher({ octokit, owner, repo, selfLogin: () => tracker.selfLogin() });
  const outcome = await publishReview(publisher, { key: reviewKey(name), title, markdown: fitIssueBody(markdown), label: mode.label, dryRun: inputs.dryRun });
  for (const other of outcome.passedOver) {
    host.warning(`${other.id} carries the key of the ${name} review but was written by ${other.author.id}, not by this token's account: left alone`);
  }
  host.setOutput("report-issue", outcome.issue === undefined ? "" : String(outcome.issue.number));
  host.setOutput("report-issue-url", outcome.issue?.url ?? "");
  const said = describe(outcome, title, mode.label);
  host.info(`issue-shepherd: ${said}`);
  await host.writeSummary(`${markdown}\n---\n\nissue-shepherd ${said}. The HTML review is at \`${htmlPath}\`.\n`);
  return 0;
}
