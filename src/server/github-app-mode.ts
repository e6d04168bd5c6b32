/**
 * The GitHub App part of `shepherd serve`, from the environment: GITHUB_APP_ID and its private
 * key, GITHUB_WEBHOOK_SECRET (one or several, comma-separated), GITHUB_API_URL. The App's
 * credentials are checked before the server starts (its installations are listed, and its bot login
 * read, so that the App's own changes are skipped from the first delivery); the rules of
 * each repository are read from GitHub as deliveries need them.
 */
import { readFileSync } from "node:fs";
import { readRulesText } from "../config/read-rules.ts";
import type { Logger } from "../core/logger.ts";
import { createChannelSender } from "../notify/create-channel-sender.ts";
import { isTrackerError } from "../core/tracker.ts";
import { createGitHubAppClient, type GitHubAppClient } from "../github/app-client.ts";
import { readGitHubAppEnv, webhookSecrets } from "../github/app-env.ts";
import { type AppRules, createAppRules } from "../github/app-rules.ts";

/** What the webhook server needs to serve GitHub App deliveries. */
export interface GitHubAppServing {
  secrets: string[];
  client: GitHubAppClient;
  rules: AppRules;
  /** How many installations the App had at start (for the ready line). */
  installations: number;
  /** The App's bot login (`<slug>[bot]`), read at start: deliveries its own writes cause start no run, from the first. */
  ownLogin: string | undefined;
}

export type GitHubAppOpening = { ok: true; app: GitHubAppServing } | { ok: false; error: string };

export async function openGitHubApp(
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
  options: { fetch?: typeof globalThis.fetch | undefined; now?: () => number } = {},
): Promise<GitHubAppOpening> {
  const read = readGitHubAppEnv(env, (path) => readFileSync(path, "utf8"));
  if (!read.ok) return read;
  const secrets = webhookSecrets(env);
  if (secrets.length === 0) {
    return { ok: false, error: "GITHUB_WEBHOOK_SECRET is not set: refusing to serve the GitHub App, since anyone could post deliveries. Set the App's webhook secret (the App's settings → Webhook secret); during a rotation, list the new and the old one separated by a comma" };
  }
  const client = createGitHubAppClient({ appId: read.env.appId, privateKey: read.env.privateKey, baseUrl: read.env.apiUrl, graphqlUrl: read.env.graphqlUrl, fetch: options.fetch, logger, channelSender: createChannelSender({ env, logger }) });
  let installations: number;
  try {
    installations = (await client.installations()).length;
  } catch (error) {
    const detail = isTrackerError(error) ? `${error.kind}: ${error.message}` : String(error);
    return { ok: false, error: `cannot act as GitHub App ${read.env.appId} at ${read.env.apiUrl} (${detail}); check GITHUB_APP_ID and the private key` };
  }
  let ownLogin: string | undefined;
  try {
    ownLogin = await client.botLogin();
  } catch (error) {
    // Not fatal: the login is learnt from the first run instead (its first own change may then start one more run).
    logger.log("warn", "github.app.login_unknown", { error: isTrackerError(error) ? `${error.kind}: ${error.message}` : String(error) });
  }
  const now = options.now ?? Date.now;
  const rules = createAppRules({ client, load: (file, text) => readRulesText(file, text, now()), logger, now });
  return { ok: true, app: { secrets, client, rules, installations, ownLogin } };
}
