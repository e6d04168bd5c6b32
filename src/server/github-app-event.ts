/**
 * What a GitHub App delivery asks of the server, from its event name and payload (read
 * permissively, only the fields used, each checked): `issues` and `issue_comment` → run that one
 * issue; `push` to the default branch that touches `.github/shepherd.yml` → read that
 * repository's rules again; `installation` and `installation_repositories` → forget what is kept
 * about the repositories they name; anything else → ignored, with the reason.
 */
import { RULE_FILE_PATH } from "../github/app-rules.ts";

/** The prefix of the server's work keys for GitHub App work (Jira's are issue keys). */
export const GITHUB_WORK_PREFIX = "github-app:";

export type GitHubAppEvent =
  | { kind: "issue"; key: string; installationId: number; repository: string; number: number; sender: string | undefined; pullRequest: boolean }
  | { kind: "rules"; key: string; installationId: number; repository: string }
  | { kind: "repositories"; action: string; repositories: string[] }
  | { kind: "ignored"; reason: string }
  | { kind: "malformed"; error: string };

export type GitHubWork = { kind: "issue"; installationId: number; repository: string; number: number } | { kind: "rules"; installationId: number; repository: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const REPOSITORY = /^[\w.-]+\/[\w.-]+$/;

export const issueWorkKey = (installationId: number, repository: string, number: number): string => `${GITHUB_WORK_PREFIX}${installationId}:${repository}#${number}`;
export const rulesWorkKey = (installationId: number, repository: string): string => `${GITHUB_WORK_PREFIX}${installationId}:${repository}:rules`;

/** The work a stored key names; undefined for a key that is not GitHub App work. */
export function parseWorkKey(key: string): GitHubWork | undefined {
  const match = /^github-app:(\d+):([\w.-]+\/[\w.-]+?)(?:#(\d+)|:rules)$/.exec(key);
  if (match === null) return undefined;
  const installationId = Number(match[1]);
  const repository = match[2] as string;
  return match[3] === undefined ? { kind: "rules", installationId, repository } : { kind: "issue", installationId, repository, number: Number(match[3]) };
}

/** The repository and installation every App delivery carries. */
function origin(payload: Record<string, unknown>): { installationId: number; repository: string } | string {
  const installation = payload.installation;
  if (!isRecord(installation) || !Number.isSafeInteger(installation.id) || (installation.id as number) < 1) return "it names no installation (a repository webhook, not the App's)";
  const repository = isRecord(payload.repository) ? payload.repository.full_name : undefined;
  if (typeof repository !== "string" || !REPOSITORY.test(repository)) return "expected repository.full_name as OWNER/REPO";
  return { installationId: installation.id as number, repository };
}

const touchesRuleFile = (commit: unknown): boolean =>
  isRecord(commit) && ["added", "modified", "removed"].some((list) => Array.isArray(commit[list]) && (commit[list] as unknown[]).includes(RULE_FILE_PATH));

const repositoriesIn = (list: unknown): string[] =>
  Array.isArray(list) ? list.flatMap((r) => (isRecord(r) && typeof r.full_name === "string" && REPOSITORY.test(r.full_name) ? [r.full_name] : [])) : [];

export function classifyGitHubEvent(name: string, payload: unknown): GitHubAppEvent {
  if (!isRecord(payload)) return { kind: "malformed", error: "expected a JSON object as the delivery's body" };
  const action = typeof payload.action === "string" ? payload.action : undefined;
  if (name === "installation" || name === "installation_repositories") {
    const account = isRecord(payload.installation) && isRecord(payload.installation.account) ? payload.installation.account.login : undefined;
    const owner = typeof account === "string" ? account : undefined;
    // `installation` lists the repositories by name only; `installation_repositories` in full.
    const named = (list: unknown): string[] =>
      Array.isArray(list)
        ? list.flatMap((r) => (isRecord(r) && typeof r.full_name === "string" ? [r.full_name] : isRecord(r) && typeof r.name === "string" && owner !== undefined ? [`${owner}/${r.name}`] : []))
        : [];
    const repositories = [...named(payload.repositories), ...repositoriesIn(payload.repositories_added), ...repositoriesIn(payload.repositories_removed)].filter((r) => REPOSITORY.test(r));
    return { kind: "repositories", action: `${name}.${action ?? "?"}`, repositories };
  }
  if (name === "push") {
    const from = origin(payload);
    if (typeof from === "string") return { kind: "ignored", reason: `push: ${from}` };
    const branch = isRecord(payload.repository) && typeof payload.repository.default_branch === "string" ? payload.repository.default_branch : undefined;
    if (branch === undefined || payload.ref !== `refs/heads/${branch}`) return { kind: "ignored", reason: `push to ${String(payload.ref)}, not the default branch` };
    const commits = Array.isArray(payload.commits) ? payload.commits : [];
    // GitHub lists at most 2,048 commits a push; a push that lists none (a forced one) may change anything.
    if (commits.length > 0 && !commits.some(touchesRuleFile) && !touchesRuleFile(payload.head_commit)) return { kind: "ignored", reason: `push does not change ${RULE_FILE_PATH}` };
    return { kind: "rules", key: rulesWorkKey(from.installationId, from.repository), ...from };
  }
  if (name !== "issues" && name !== "issue_comment") return { kind: "ignored", reason: `the ${name} event is not one issue-shepherd handles (issues, issue_comment, push, installation, installation_repositories)` };
  const issue = payload.issue;
  if (!isRecord(issue) || !Number.isSafeInteger(issue.number) || (issue.number as number) < 1) return { kind: "malformed", error: `${name}.${action ?? "?"}: expected issue.number, a whole number from 1` };
  const from = origin(payload);
  if (typeof from === "string") return { kind: "ignored", reason: `${name}: ${from}` };
  if (name === "issues" && (action === "deleted" || action === "transferred")) return { kind: "ignored", reason: `issues.${action}: no issue is left to look at` };
  const sender = isRecord(payload.sender) && typeof payload.sender.login === "string" ? payload.sender.login : undefined;
  const number = issue.number as number;
  return { kind: "issue", key: issueWorkKey(from.installationId, from.repository, number), ...from, number, sender, pullRequest: isRecord(issue.pull_request) };
}
