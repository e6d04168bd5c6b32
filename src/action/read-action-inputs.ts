/**
 * The Action's inputs and the runner environment it reads: nothing else. Problems are
 * collected as messages; any problem is a usage error (exit 2).
 */
import { type ActionHost, getInput } from "./action-host.ts";

export interface ActionInputs {
  rulesPath: string;
  token: string;
  dryRun: boolean;
  /** null: derive from the rate limit. */
  maxWrites: number | null;
  eventName: string;
  eventPath: string | undefined;
  repository: string;
  apiUrl: string;
  graphqlUrl: string | undefined;
}

const TRUE = new Set(["true", "yes", "on", "1"]);
const FALSE = new Set(["false", "no", "off", "0", ""]);

export function readActionInputs(env: ActionHost["env"]): { inputs?: ActionInputs; problems: string[] } {
  const problems: string[] = [];
  const dryRunText = getInput(env, "dry-run").toLowerCase();
  if (!TRUE.has(dryRunText) && !FALSE.has(dryRunText)) problems.push(`input dry-run: expected true or false, found "${dryRunText}"`);
  const maxText = getInput(env, "max-writes");
  let maxWrites: number | null = null;
  if (maxText !== "") {
    if (/^\d+$/.test(maxText)) maxWrites = Number(maxText);
    else problems.push(`input max-writes: expected a whole number of writes (0 or more), found "${maxText}"`);
  }
  const token = getInput(env, "github-token");
  if (token === "") problems.push("input github-token is empty: pass ${{ github.token }} or a GitHub App token");
  const repository = env.GITHUB_REPOSITORY ?? "";
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) problems.push(`GITHUB_REPOSITORY: expected OWNER/REPO, found "${repository}"`);
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  if (eventName === "") problems.push("GITHUB_EVENT_NAME is not set: run this inside a GitHub Actions job (or set it as a runner would)");
  if (problems.length > 0) return { problems };
  const graphqlUrl = env.GITHUB_GRAPHQL_URL === undefined || env.GITHUB_GRAPHQL_URL === "" ? undefined : env.GITHUB_GRAPHQL_URL;
  return {
    problems,
    inputs: {
      rulesPath: getInput(env, "rules") || ".github/shepherd.yml",
      token,
      dryRun: TRUE.has(dryRunText),
      maxWrites,
      eventName,
      eventPath: env.GITHUB_EVENT_PATH === "" ? undefined : env.GITHUB_EVENT_PATH,
      repository,
      apiUrl: env.GITHUB_API_URL || "https://api.github.com",
      graphqlUrl,
    },
  };
}
