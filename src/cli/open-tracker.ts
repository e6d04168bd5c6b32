/** `--tracker` values → tracker adapters: `file:PATH`, `github:OWNER/REPO`, `jira` (`github-app` is the audit's own). */
import { resolve } from "node:path";
import type { Rules } from "../core/rules/rules.ts";
import { isTrackerError, type Tracker } from "../core/tracker.ts";
import { GITHUB_CAPABILITIES } from "../github/capabilities.ts";
import { createGitHubTracker } from "../github/create-github-tracker.ts";
import { createOctokit } from "../github/create-octokit.ts";
import { createJiraTracker } from "../jira/create-jira-tracker.ts";
import { unknownJiraFields, unknownJiraFieldsText } from "../jira/field-catalog.ts";
import { readJiraEnv } from "../jira/jira-env.ts";
import { UsageError, type CliIO } from "./io.ts";
import { openSnapshotTracker, type SnapshotTracker } from "./open-snapshot.ts";
import { createOutboxSender, outboxPath } from "./snapshot-outbox.ts";
import { createChannelSender } from "../notify/create-channel-sender.ts";

const USAGE = "expected file:PATH, github:OWNER/REPO, jira, or github-app (shepherd audit only)";

/** `--tracker github-app`: every repository of a GitHub App, audited by `commands/audit-github-app.ts`. */
export const GITHUB_APP_TRACKER = "github-app";

/** Field names the site lacks: the user's are a usage error (exit 2), the preset's a warning. */
function checkedFields(found: { errors: string[]; warnings: string[] }, site: string, io: CliIO): void {
  if (found.errors.length > 0) throw new UsageError(unknownJiraFieldsText(site, found.errors));
  for (const warning of found.warnings) io.stderr.write(`shepherd: warning: ${warning}\n`);
}

/** Rule field name → the GitHub issue field it is written to (the first the rules map it to). */
const githubIssueFieldNames = (rules: Rules): ReadonlyMap<string, string> =>
  new Map([...rules.fields.values()].flatMap((f) => (f.sources[GITHUB_CAPABILITIES.source]?.fields.slice(0, 1) ?? []).map((name) => [f.name, name] as const)));

/** The tracker `--tracker` names, checked against the rules; snapshot files write back on `flush`. */
export async function openTracker(spec: string | undefined, rules: Rules, io: CliIO, now: number): Promise<Tracker> {
  if (spec === undefined) throw new UsageError(`missing --tracker: ${USAGE}`);
  if (spec.startsWith("file:")) {
    const path = spec.slice("file:".length);
    if (path === "") throw new UsageError("--tracker file: needs a path, e.g. file:demo/snapshot.json");
    let tracker: SnapshotTracker;
    try {
      tracker = await openSnapshotTracker(path, {
        botLogins: rules.botLogins,
        now: () => now,
        // A snapshot reaches nobody: its notices go to the outbox beside it.
        channelSender: createOutboxSender(outboxPath(resolve(io.cwd, path)), () => now),
        priorityField: rules.priority.fields[GITHUB_CAPABILITIES.source],
        issueFieldNames: githubIssueFieldNames(rules),
      });
    } catch (error) {
      if (isTrackerError(error) && error.kind === "not-found") {
        throw new UsageError(`--tracker ${spec}: expected a snapshot file at ${resolve(io.cwd, path)}, found no such file; check the path`);
      }
      throw error;
    }
    // A Jira snapshot that lists the site's fields is checked like the site itself.
    if (tracker.siteFields !== undefined) {
      try {
        checkedFields(unknownJiraFields(rules, tracker.siteFields.listed, tracker.siteFields.carried), `the snapshot ${path}`, io);
      } catch (error) {
        await tracker.close();
        throw error;
      }
    }
    return tracker;
  }
  if (spec.startsWith("github:")) {
    const repository = spec.slice("github:".length);
    const token = io.env["GITHUB_TOKEN"] ?? io.env["GH_TOKEN"];
    if (token === undefined || token === "") throw new UsageError("--tracker github: needs a token in GITHUB_TOKEN");
    const baseUrl = io.env["GITHUB_API_URL"] ?? "https://api.github.com";
    const octokit = createOctokit({ token, baseUrl });
    return createGitHubTracker({
      octokit,
      repository,
      graphqlUrl: io.env["GITHUB_GRAPHQL_URL"],
      botLogins: rules.botLogins,
      priorityField: rules.priority.fields[GITHUB_CAPABILITIES.source],
      issueFieldNames: githubIssueFieldNames(rules),
      channelSender: createChannelSender({ env: io.env }),
    });
  }
  if (spec === GITHUB_APP_TRACKER) {
    throw new UsageError(
      "--tracker github-app covers many repositories, each with its own rules: only shepherd audit takes it (add --dry-run to plan without writing); " +
        "for one repository use --tracker github:OWNER/REPO with a token in GITHUB_TOKEN",
    );
  }
  if (spec === "jira") {
    const env = readJiraEnv(io.env);
    if (!env.ok) throw new UsageError(env.error);
    const tracker = createJiraTracker({
      baseUrl: env.env.baseUrl,
      email: env.env.email,
      apiToken: env.env.apiToken,
      transitionNames: env.env.transitionNames,
      botAccountIds: rules.botLogins,
      channelSender: createChannelSender({ env: io.env }),
    });
    // Before any issue is read: a field name the site does not have would read as missing.
    checkedFields(unknownJiraFields(rules, (await tracker.fieldCatalog()).fields()), `the Jira site ${env.env.baseUrl}`, io);
    return tracker;
  }
  throw new UsageError(`unknown --tracker ${JSON.stringify(spec)}: ${USAGE}`);
}
