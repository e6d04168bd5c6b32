/** The GitHub client and tracker of a run, from the inputs and the rules (both modes share them). */
import type { Rules } from "../core/rules/rules.ts";
import { GITHUB_CAPABILITIES } from "../github/capabilities.ts";
import { createGitHubTracker, type GitHubTracker } from "../github/create-github-tracker.ts";
import { createOctokit, type GitHubClient } from "../github/create-octokit.ts";
import { createChannelSender } from "../notify/create-channel-sender.ts";
import type { ActionHost } from "./action-host.ts";
import { hostLogger } from "./host-logger.ts";
import type { ActionInputs } from "./read-action-inputs.ts";

/** What tests may change about a run; a runner never does. */
export interface ActionSeams {
  /** Space writes as GitHub asks (default true); off only against a local fake. */
  pacing?: boolean;
}

export function openGitHub(host: ActionHost, inputs: ActionInputs, rules: Rules, seams: ActionSeams): { octokit: GitHubClient; tracker: GitHubTracker } {
  const octokit: GitHubClient = createOctokit({
    token: inputs.token,
    baseUrl: inputs.apiUrl,
    fetch: host.fetch,
    ...(seams.pacing === false ? { pacing: false } : {}),
    log: hostLogger(host),
  });
  const githubField = rules.priority.fields[GITHUB_CAPABILITIES.source];
  const tracker = createGitHubTracker({
    octokit,
    repository: inputs.repository,
    graphqlUrl: inputs.graphqlUrl,
    botLogins: rules.botLogins,
    priorityField: githubField,
    issueFieldNames: new Map([...rules.fields.values()].flatMap((f) => (f.sources[GITHUB_CAPABILITIES.source]?.fields.slice(0, 1) ?? []).map((name) => [f.name, name] as const))),
    // Channels' secrets come from the job's environment (secrets mapped to env: in the workflow).
    channelSender: createChannelSender({ env: host.env, logger: hostLogger(host) }),
  });
  return { octokit, tracker };
}
