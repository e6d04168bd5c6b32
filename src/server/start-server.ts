/**
 * Composition root of `shepherd serve`: reads the environment once, opens the
 * delivery store (`--store`, SHEPHERD_STORE, else ./shepherd-store.sqlite; or, with `--queue` or
 * SHEPHERD_QUEUE, the PostgreSQL queue that replicas share), checks the
 * Jira credentials (`/myself`, which also names the tool's own account) when Jira is configured
 * and the GitHub App's when GITHUB_APP_ID is set (one of the two is required), starts the webhook
 * server on PORT (default 8080), resumes the work the store holds, answers /healthz 200 once ready, and stops gracefully on
 * SIGTERM/SIGINT (or when the process that started it goes away), draining the queue. Configuration problems are `ServeConfigError`s with a
 * message for the operator; the CLI prints them and exits 2.
 */
import type { AddressInfo } from "node:net";
import type { Rules } from "../core/rules/rules.ts";
import { isTrackerError, type Tracker } from "../core/tracker.ts";
import { createChannelSender } from "../notify/create-channel-sender.ts";
import { createJiraTracker } from "../jira/create-jira-tracker.ts";
import { unknownJiraFields, unknownJiraFieldsText } from "../jira/field-catalog.ts";
import { readJiraEnv } from "../jira/jira-env.ts";
import { createWebhookServer, MissingSecretError, type WebhookServer } from "./create-webhook-server.ts";
import { isLogLevel, LOG_LEVELS, type Logger } from "../core/logger.ts";
import { createJsonLogger } from "./json-logger.ts";
import type { DeliveryStore } from "./delivery-store.ts";
import { chooseStore, openDeliveryStore } from "./open-delivery-store.ts";
import { StoreOpenError } from "./sqlite-delivery-store.ts";
import { wantsGitHubApp, webhookSecrets } from "../github/app-env.ts";
import { openGitHubApp } from "./github-app-mode.ts";
import type { IssueQueue, IssueQueueOptions } from "./issue-queue.ts";
import { chooseQueue, openPostgresQueue, QueueOpenError, shownUrl } from "./postgres-queue.ts";
import { openAlertServing } from "./alert-serving.ts";
import { readAlertAuth } from "./alert-auth.ts";
import { openPostgresAlertStore } from "./alert-postgres-store.ts";
import type { AlertStore } from "./alert-store.ts";

/** Where a failure of the shared alert store's connections is logged. */
const onAlertStoreError = (logger: Logger) => (error: unknown): void => logger.log("error", "alerts.store_failed", { error: error instanceof Error ? error.message : String(error) });

/** How often the server checks that the process that started it is still there. */
const PARENT_POLL_MS = 500;

export class ServeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServeConfigError";
  }
}

export interface StartServerOptions {
  /** Jira's rules (`--rules`): needed when Jira is configured; a GitHub App's come from each repository. */
  rules?: Rules | undefined;
  /** The environment, read once here (process.env in the CLI). */
  env: Readonly<Record<string, string | undefined>>;
  /** `--port`; else PORT; else 8080. 0 picks a free port. */
  port?: number;
  /** `--host`; else HOST; else all interfaces. */
  host?: string;
  /** `--store`; else SHEPHERD_STORE; else `shepherd-store.sqlite` here. `:memory:`: not durable. */
  store?: string;
  /** `--queue`; else SHEPHERD_QUEUE: a PostgreSQL URL that replicas share instead of a store file. */
  queue?: string;
  /** Where log lines go. Default: standard output. */
  write?: (line: string) => void;
  /** Install SIGTERM/SIGINT handlers that drain and stop. Default true. */
  handleSignals?: boolean;
  fetch?: typeof globalThis.fetch;
}

export interface RunningServer extends WebhookServer {
  /** `http://host:port` the server listens on. */
  url: string;
  port: number;
  logger: Logger;
  /** Resolves once the server has stopped (after a signal or `close()`). */
  stopped: Promise<void>;
}

function positiveInt(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ServeConfigError(`${name} must be a positive whole number, not "${raw}"`);
  return value;
}

function portOf(options: StartServerOptions): number {
  if (options.port !== undefined) return options.port;
  const raw = options.env.PORT;
  if (raw === undefined || raw.trim() === "") return 8080;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ServeConfigError(`PORT must be a port number, not "${raw}"`);
  return port;
}

/** Any of these set means the server is meant to serve Jira (and then it needs all of them). */
const JIRA_VARIABLES = ["JIRA_WEBHOOK_SECRET", "JIRA_BASE_URL", "JIRA_EMAIL", "JIRA_API_TOKEN"] as const;

/** What the server serves, from the environment: Jira, a GitHub App, or both; neither is refused. */
function readJira(options: StartServerOptions): { secret: string; env: Extract<ReturnType<typeof readJiraEnv>, { ok: true }>["env"]; rules: Rules } | undefined {
  const { env } = options;
  const wanted = JIRA_VARIABLES.some((name) => (env[name] ?? "").trim() !== "");
  // Alerts opened on GitHub with a token need neither Jira nor the App.
  if (!wanted && (wantsGitHubApp(env) || (options.rules?.alerts?.tracker === "github" && (env.GITHUB_TOKEN ?? "").trim() !== ""))) return undefined;
  const secret = env.JIRA_WEBHOOK_SECRET;
  if (secret === undefined || secret.trim() === "") {
    throw new ServeConfigError(
      wanted
        ? new MissingSecretError().message
        : `${new MissingSecretError().message} Or serve a GitHub App alone: set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY (or GITHUB_APP_PRIVATE_KEY_PATH) and GITHUB_WEBHOOK_SECRET. ` +
            `The server needs at least one of the two: Jira (${JIRA_VARIABLES.join(", ")}) or the App.`,
    );
  }
  const jira = readJiraEnv(env);
  const alone = wantsGitHubApp(env) ? `; or, to serve the GitHub App alone, unset ${JIRA_VARIABLES.filter((name) => (env[name] ?? "").trim() !== "").join(", ")}` : "";
  if (!jira.ok) throw new ServeConfigError(`${jira.error}${alone}`);
  if (options.rules === undefined) throw new ServeConfigError("missing --rules: Jira's deliveries are evaluated with them; give a rule file or a folder of rule files");
  return { secret, env: jira.env, rules: options.rules };
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { env } = options;
  const jira = readJira(options);
  // Unset or blank means the default, as for PORT.
  const level = env.LOG_LEVEL === undefined || env.LOG_LEVEL.trim() === "" ? "info" : env.LOG_LEVEL.trim();
  if (!isLogLevel(level)) {
    throw new ServeConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}; found ${JSON.stringify(level)}. Set it to one of them, or leave it unset for info`);
  }
  const logger = createJsonLogger({
    write: options.write ?? ((line) => void process.stdout.write(line)),
    secrets: [...(jira === undefined ? [] : [jira.secret, jira.env.apiToken]), ...webhookSecrets(env), ...(env.GITHUB_APP_PRIVATE_KEY === undefined ? [] : [env.GITHUB_APP_PRIVATE_KEY]), ...[env.SHEPHERD_ALERT_TOKEN, env.SHEPHERD_ALERT_PASSWORD, env.GITHUB_TOKEN].filter((value): value is string => value !== undefined && value.trim() !== "")],
    level,
  });
  if (jira === undefined && options.rules !== undefined && options.rules.alerts === undefined) {
    logger.log("warn", "rules.unused", { rules: options.rules.files, message: "--rules are Jira's, and Jira is not configured: each repository of the GitHub App is run by its own .github/shepherd.yml, else its organisation's" });
  }
  const port = portOf(options);
  const host = options.host ?? env.HOST ?? "";

  const choice = chooseStore(options.store, env);
  if ("error" in choice) throw new ServeConfigError(choice.error);
  const queueChoice = chooseQueue(options.queue, env);
  if (queueChoice !== undefined && "error" in queueChoice) throw new ServeConfigError(queueChoice.error);
  if (queueChoice !== undefined && options.store !== undefined) {
    throw new ServeConfigError(`--store and a queue (${options.queue === undefined ? "SHEPHERD_QUEUE" : "--queue"}) were both given: replicas keep their deliveries in the queue's PostgreSQL. Give one of them`);
  }
  const dedupeWindow = positiveInt(env, "SHEPHERD_DEDUPE_WINDOW", 10_000);
  const settings = {
    queueLimit: positiveInt(env, "SHEPHERD_QUEUE_LIMIT", 1000),
    bodyLimit: positiveInt(env, "SHEPHERD_BODY_LIMIT", 1024 * 1024),
    concurrency: positiveInt(env, "SHEPHERD_CONCURRENCY", 4),
    maxConnections: positiveInt(env, "SHEPHERD_MAX_CONNECTIONS", 1024),
  };
  const { tracker, own } = jira === undefined ? { tracker: undefined, own: new Set<string>() } : await checkJira(options, logger, jira.env, jira.rules);
  // With GITHUB_APP_ID: GitHub App deliveries too, its credentials checked before the server starts.
  const github = wantsGitHubApp(env) ? await openGitHubApp(env, logger, { fetch: options.fetch }) : undefined;
  if (github !== undefined && !github.ok) throw new ServeConfigError(github.error);
  // With alerts: in the rules, POST /webhooks/alertmanager and /webhooks/alerts too (refused without credentials).
  // Replicas keep the alert groups beside the queue, in its PostgreSQL.
  let sharedAlerts: AlertStore | undefined;
  if (queueChoice !== undefined && options.rules?.alerts !== undefined && !("error" in readAlertAuth(env))) {
    try {
      sharedAlerts = await openPostgresAlertStore({ url: queueChoice.url, onError: onAlertStoreError(logger) });
    } catch (error) {
      throw new ServeConfigError(`the alert store in the queue's database (${shownUrl(queueChoice.url)}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const alertOpening = openAlertServing({ env, rules: options.rules, jira: tracker, githubApp: github?.ok === true ? github.app.client : undefined, storePath: choice.path, store: sharedAlerts, fetch: options.fetch });
  if ("error" in alertOpening) {
    await sharedAlerts?.close();
    throw new ServeConfigError(alertOpening.error);
  }
  // Opened once Jira and the rules are known to work, so that a server that cannot start leaves no file behind.
  let store: DeliveryStore;
  let createQueue: ((queueOptions: IssueQueueOptions) => IssueQueue) | undefined;
  const onQueueError = (error: unknown): void => logger.log("error", "queue.failed", { error: error instanceof Error ? error.message : String(error) });
  if (queueChoice !== undefined) {
    try {
      const shared = await openPostgresQueue(queueChoice, {
        dedupeWindow,
        concurrency: settings.concurrency,
        onError: onQueueError,
        onWarning: (warning) => logger.log("warn", "queue.warning", { message: warning.message }),
      });
      store = shared.store;
      createQueue = shared.createQueue;
    } catch (error) {
      if (error instanceof QueueOpenError) throw new ServeConfigError(`the queue (${options.queue === undefined ? "SHEPHERD_QUEUE" : "--queue"}): ${error.message}`);
      throw error;
    }
  } else {
    try {
      store = openDeliveryStore(choice, {
        dedupeWindow,
        onError: (error) => logger.log("error", "store.write_failed", { error: error instanceof Error ? error.message : String(error) }),
      });
    } catch (error) {
      if (error instanceof StoreOpenError) throw new ServeConfigError(`the delivery store (--store or SHEPHERD_STORE): ${error.message}`);
      throw error;
    }
  }
  const webhook = createWebhookServer({ rules: jira?.rules, tracker, secret: jira?.secret, logger, botAccountIds: own, store, ...(github?.ok === true ? { githubApp: github.app } : {}), ...(alertOpening.serving === undefined ? {} : { alerts: alertOpening.serving }), ...(createQueue === undefined ? {} : { createQueue }), ...settings });
  try {
    await new Promise<void>((resolve, reject) => {
      webhook.server.once("error", (error: NodeJS.ErrnoException) =>
        reject(new ServeConfigError(`cannot listen on ${host === "" ? "*" : host}:${port}: ${error.code ?? error.message}`)),
      );
      if (host === "") webhook.server.listen(port, resolve);
      else webhook.server.listen(port, host, resolve);
    });
  } catch (error) {
    await webhook.close({ timeoutMs: 0 });
    throw error;
  }
  // Work a previous process left unfinished is queued before the first delivery is taken.
  const resumed = await webhook.resume();
  const address = webhook.server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${shown === "[::]" ? "localhost" : shown}:${address.port}`;
  webhook.ready();
  logger.log("info", "server.ready", { url, jira: jira?.env.baseUrl ?? null, ...(github?.ok === true ? { githubApp: { installations: github.app.installations } } : {}), ownAccounts: own.size, rules: jira?.rules.files ?? [], store: queueChoice === undefined ? choice.path : shownUrl(queueChoice.url), durable: store.durable, resumed });

  let markStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    markStopped = resolve;
  });
  const close = (closeOptions?: { timeoutMs?: number }): Promise<void> => webhook.close(closeOptions).finally(() => markStopped());
  if (options.handleSignals ?? true) {
    // `npx shepherd serve` runs the server in `sh -c`, and npm passes SIGTERM to that shell only,
    // which dies without passing it on: a parent that goes away is taken as the stop it was meant
    // to be, so the server drains and exits instead of running on, orphaned, on its port.
    const parent = process.ppid;
    const watch = setInterval(() => {
      if (process.ppid !== parent) stop({ parentExited: parent });
    }, PARENT_POLL_MS);
    watch.unref();
    void stopped.then(() => clearInterval(watch));
    const onSignal = (signal: NodeJS.Signals): void => stop({ signal });
    const stop = (why: { signal: NodeJS.Signals } | { parentExited: number }): void => {
      clearInterval(watch);
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      if ("signal" in why) logger.log("info", "server.signal", { signal: why.signal });
      else logger.log("info", "server.parent-exited", { parent: why.parentExited });
      void close();
    };
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }
  return { ...webhook, close, url, port: address.port, logger, stopped };
}

/** Check the Jira account (naming the tool's own account ids) and the rules' fields against the site. */
async function checkJira(
  options: StartServerOptions,
  logger: Logger,
  jira: Extract<ReturnType<typeof readJiraEnv>, { ok: true }>["env"],
  rules: Rules,
): Promise<{ tracker: Tracker; own: ReadonlySet<string> }> {
  const tracker = createJiraTracker({
    baseUrl: jira.baseUrl,
    email: jira.email,
    apiToken: jira.apiToken,
    botAccountIds: rules.botLogins,
    transitionNames: jira.transitionNames,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    logger,
    channelSender: createChannelSender({ env: options.env, logger }),
  });
  let own: ReadonlySet<string>;
  try {
    own = await tracker.ownAccountIds();
  } catch (error) {
    // A refused login already says which variables to check; anything else is told as it came.
    if (isTrackerError(error) && error.kind === "auth") throw new ServeConfigError(`cannot use the Jira account of JIRA_EMAIL at ${jira.baseUrl}: ${error.message}`);
    const detail = isTrackerError(error) ? `${error.kind}: ${error.message}` : String(error);
    throw new ServeConfigError(`cannot use the Jira account of JIRA_EMAIL/JIRA_API_TOKEN at ${jira.baseUrl} (${detail})`);
  }
  let fieldProblems: { errors: string[]; warnings: string[] };
  try {
    fieldProblems = unknownJiraFields(rules, (await tracker.fieldCatalog()).fields());
  } catch (error) {
    const detail = isTrackerError(error) ? `${error.kind}: ${error.message}` : String(error);
    throw new ServeConfigError(`cannot read the fields of ${jira.baseUrl} (GET /rest/api/3/field: ${detail}); the rules' field names are checked against them`);
  }
  // Before the server accepts a delivery: a name the site does not have would read as missing.
  if (fieldProblems.errors.length > 0) throw new ServeConfigError(unknownJiraFieldsText(jira.baseUrl, fieldProblems.errors));
  for (const warning of fieldProblems.warnings) logger.log("warn", "rules.jira-field", { message: warning });
  return { tracker, own };
}
