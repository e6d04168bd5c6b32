/**
 * Alerts on `shepherd serve`: what the webhook server needs to take them (`AlertServing`), read
 * from the rules' `alerts:` section and the environment (`openAlertServing`), and how the server
 * mounts it (`attachAlerts`: the routes, and the runs of `alert:` work keys). The issues open on
 * the tracker the section names: the Jira site the server serves, or a GitHub repository through
 * the GitHub App's installation when the server runs as the App, else GITHUB_TOKEN.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AlertsRule } from "../core/alerts/alerts-rule.ts";
import type { Logger } from "../core/logger.ts";
import type { Rules } from "../core/rules/rules.ts";
import { type Tracker, TrackerError } from "../core/tracker.ts";
import type { GitHubAppClient } from "../github/app-client.ts";
import { createGitHubTracker } from "../github/create-github-tracker.ts";
import { createOctokit } from "../github/create-octokit.ts";
import { type AlertAuth, readAlertAuth } from "./alert-auth.ts";
import { createAlertHandler, isAlertPath } from "./alert-handler.ts";
import { createAlertProcessor } from "./alert-processor.ts";
import { openSqliteAlertStore, alertStorePath } from "./alert-sqlite-store.ts";
import { ALERT_WORK_PREFIX, type AlertStore, createMemoryAlertStore } from "./alert-store.ts";
import type { DeliveryStore } from "./delivery-store.ts";
import type { PushResult, RunOutcome } from "./issue-queue.ts";
import type { Metrics } from "./metrics.ts";

export interface AlertServing {
  auth: AlertAuth;
  rule: AlertsRule;
  rules: Rules;
  store: AlertStore;
  /** The tracker alert issues open on. */
  tracker: () => Promise<Tracker>;
}

export interface OpenAlertOptions {
  env: Readonly<Record<string, string | undefined>>;
  rules: Rules | undefined;
  /** The server's Jira tracker, when it serves Jira. */
  jira?: Tracker | undefined;
  /** The GitHub App client, when the server runs as the App. */
  githubApp?: Pick<GitHubAppClient, "installationOf" | "tracker"> | undefined;
  /** The delivery store's path (`:memory:`: the alert state is kept in memory too). */
  storePath: string | undefined;
  /** The alert store to use instead of one beside `storePath` (replicas: the queue's PostgreSQL). */
  store?: AlertStore | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  now?: () => number;
  /** Keep to GitHub's secondary limits with GITHUB_TOKEN (default on); off only for a local fake. */
  pacing?: boolean;
}

/** The alert part of the server, or none (no `alerts:` section), or an operator's mistake. */
export function openAlertServing(options: OpenAlertOptions): { serving: AlertServing | undefined } | { error: string } {
  const { env, rules } = options;
  const rule = rules?.alerts;
  const read = readAlertAuth(env);
  if ("error" in read) return read;
  if (rules === undefined || rule === undefined) return { serving: undefined };
  if (read.auth === undefined) {
    return { error: "the rules have alerts: but no credentials for them are set: refusing to take alerts from anyone. Set SHEPHERD_ALERT_TOKEN (a bearer token, e.g. openssl rand -hex 32) or SHEPHERD_ALERT_USER and SHEPHERD_ALERT_PASSWORD, and the same in Alertmanager's receiver" };
  }
  let tracker: () => Promise<Tracker>;
  if (rule.tracker === "jira") {
    const jira = options.jira;
    if (jira === undefined) return { error: "alerts.tracker is jira, but this server does not serve Jira: set JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN and JIRA_WEBHOOK_SECRET, or open alert issues on GitHub" };
    tracker = () => Promise.resolve(jira);
  } else {
    const repository = rule.repository ?? "";
    const app = options.githubApp;
    const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
    if (app !== undefined) {
      tracker = async () => {
        const installation = await app.installationOf(repository);
        if (installation === undefined) throw new TrackerError("auth", `the GitHub App is not installed on ${repository} (alerts.repository): install it there`);
        return app.tracker(installation, repository, rules);
      };
    } else if (token !== undefined && token.trim() !== "") {
      const octokit = createOctokit({ token, ...(env.GITHUB_API_URL === undefined ? {} : { baseUrl: env.GITHUB_API_URL }), fetch: options.fetch, ...(options.pacing === undefined ? {} : { pacing: options.pacing }) });
      const github = createGitHubTracker({ octokit, repository, botLogins: rules.botLogins });
      tracker = () => Promise.resolve(github);
    } else {
      return { error: `alerts.tracker is github, but the server has no GitHub credentials: run it as the GitHub App (GITHUB_APP_ID…) or set GITHUB_TOKEN with issue write access to ${repository}` };
    }
  }
  const path = options.storePath;
  const store =
    options.store ??
    (path === undefined || path === ":memory:"
      ? createMemoryAlertStore() : openSqliteAlertStore({ path: alertStorePath(path), ...(options.now === undefined ? {} : { now: options.now }) }));
  return { serving: { auth: read.auth, rule, rules, store, tracker } };
}

export interface AlertMountContext {
  store: DeliveryStore;
  enqueue: (work: string) => PushResult;
  metrics: Metrics;
  logger: Logger;
  now: () => number;
  monotonic: () => number;
  bodyLimit: number;
  retryAfterSeconds: number;
  isClosing: () => boolean;
}

export interface MountedAlerts {
  /** Answer the request when it is for an alert route; false when it is not one. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Run the work when it is an alert group's; undefined when it is not. */
  process(work: string): Promise<RunOutcome> | undefined;
  close(): Promise<void>;
}

/** Mount the alert routes and work on a webhook server. */
export function attachAlerts(serving: AlertServing, context: AlertMountContext): MountedAlerts {
  const handler = createAlertHandler({ ...context, auth: serving.auth, rule: serving.rule, rules: serving.rules, alerts: serving.store });
  const processor = createAlertProcessor({ alerts: serving.store, rule: serving.rule, rules: serving.rules, tracker: serving.tracker, now: context.now, logger: context.logger, metrics: context.metrics, monotonic: context.monotonic });
  return {
    handle(request, response) {
      if (!isAlertPath((request.url ?? "/").split("?")[0] ?? "/")) return false;
      handler(request, response);
      return true;
    },
    process: (work) => (work.startsWith(ALERT_WORK_PREFIX) ? processor(work) : undefined),
    close: () => serving.store.close(),
  };
}
