/**
 * GitHub as a GitHub App sees it: the App's installations and the repositories each reaches,
 * through `@octokit/app` (its JWT, its installation tokens, cached and renewed by
 * `@octokit/auth-app`), and for each installation the adapter's own Octokit (`createOctokit`:
 * pacing, throttling, retries), whose requests carry the installation's current token. Each
 * repository gets the same adapter as `github:OWNER/REPO` (`createGitHubTracker`), one per
 * repository and rules, and its files are read through the contents API.
 */
import { App } from "@octokit/app";
import { Octokit } from "@octokit/rest";
import type { ChannelSender } from "../core/channels/channel.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import type { Rules } from "../core/rules/rules.ts";
import { TrackerError } from "../core/tracker.ts";
import { GITHUB_CAPABILITIES } from "./capabilities.ts";
import { createGitHubTracker, type GitHubTracker, splitRepository } from "./create-github-tracker.ts";
import { createOctokit, type GitHubClient } from "./create-octokit.ts";
import { toTrackerError } from "./to-tracker-error.ts";

export interface GitHubAppClientOptions {
  appId: number;
  /** PEM text of the App's private key. */
  privateKey: string;
  /** REST base URL: https://api.github.com, or https://HOST/api/v3. */
  baseUrl: string;
  graphqlUrl?: string | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  logger?: Logger;
  /** Keep to GitHub's secondary limits (default on); off only for a local fake. */
  pacing?: boolean;
  /** Sends the notices of `notify` operations in every repository; without it a notify fails, saying so. */
  channelSender?: ChannelSender | undefined;
}

/** An installation of the App: its id and the account it is installed on. */
export interface AppInstallation {
  id: number;
  account: string;
}

/** A repository an installation reaches. */
export interface AppRepository {
  /** `OWNER/REPO`. */
  fullName: string;
  defaultBranch: string;
}

export interface GitHubAppClient {
  /** The App's own account, `<slug>[bot]` (GET /app with the App's JWT): the author of what it writes. */
  botLogin(): Promise<string>;
  installations(): Promise<AppInstallation[]>;
  repositories(installationId: number): Promise<AppRepository[]>;
  /** The installation that reaches a repository (the first that does), if any. */
  installationOf(repository: string): Promise<number | undefined>;
  /** A file's text at the repository's default branch; undefined when there is none. */
  readFile(installationId: number, repository: string, path: string): Promise<string | undefined>;
  /** The adapter for one repository of an installation, with these rules (kept while they are the same). */
  tracker(installationId: number, repository: string, rules: Rules): GitHubTracker;
}

/** Rule field name → the GitHub issue field it is written to (the first the rules map it to). */
const issueFieldNames = (rules: Rules): ReadonlyMap<string, string> =>
  new Map([...rules.fields.values()].flatMap((f) => (f.sources[GITHUB_CAPABILITIES.source]?.fields.slice(0, 1) ?? []).map((name) => [f.name, name] as const)));


export function createGitHubAppClient(options: GitHubAppClientOptions): GitHubAppClient {
  const logger = options.logger ?? silentLogger;
  const baseFetch = options.fetch ?? globalThis.fetch;
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const log = {
    debug: (text: string) => logger.log("debug", "github.app", { message: text }),
    info: (text: string) => logger.log("debug", "github.app", { message: text }),
    warn: (text: string) => logger.log("warn", "github.app", { message: text }),
    error: (text: string) => logger.log("error", "github.app", { message: text }),
  };
  const AppOctokit = Octokit.defaults({ baseUrl, userAgent: "issue-shepherd", request: { fetch: baseFetch }, log });
  const app = new App({ appId: options.appId, privateKey: options.privateKey, Octokit: AppOctokit, log });

  const tokenOf = async (installationId: number): Promise<string> => {
    try {
      const auth = (await app.octokit.auth({ type: "installation", installationId })) as { token: string };
      return auth.token;
    } catch (error) {
      throw toTrackerError(error, `creating a token for installation ${installationId} of GitHub App ${options.appId}`);
    }
  };

  const octokits = new Map<number, GitHubClient>();
  /** The adapter's Octokit for an installation: every request carries the installation's token of the moment. */
  const octokitOf = (installationId: number): GitHubClient => {
    let octokit = octokits.get(installationId);
    if (octokit === undefined) {
      const withToken: typeof globalThis.fetch = async (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set("authorization", `token ${await tokenOf(installationId)}`);
        return baseFetch(input, { ...init, headers });
      };
      // The token given here is never sent: `withToken` puts the installation's in its place.
      octokit = createOctokit({ token: "installation", baseUrl, fetch: withToken, log: logger, ...(options.pacing === false ? { pacing: false } : {}) });
      octokits.set(installationId, octokit);
    }
    return octokit;
  };

  const trackers = new Map<string, { rules: Rules; tracker: GitHubTracker }>();

  const client: GitHubAppClient = {
    async botLogin() {
      try {
        const { data } = await app.octokit.request("GET /app");
        const slug = (data as { slug?: unknown } | null)?.slug;
        if (typeof slug !== "string" || slug === "") throw new TrackerError("invalid", "GET /app answered no slug");
        return `${slug}[bot]`;
      } catch (error) {
        throw toTrackerError(error, `reading GitHub App ${options.appId} (GET /app)`);
      }
    },
    async installations() {
      try {
        const list = (await app.octokit.paginate("GET /app/installations", { per_page: 100 })) as { id: number; account?: { login?: string } | null }[];
        return list.map((installation) => ({ id: installation.id, account: installation.account?.login ?? "" }));
      } catch (error) {
        throw toTrackerError(error, `listing the installations of GitHub App ${options.appId} (check GITHUB_APP_ID and the private key)`);
      }
    },
    async repositories(installationId) {
      try {
        const octokit = octokitOf(installationId);
        const list = (await octokit.paginate("GET /installation/repositories", { per_page: 100 })) as unknown as { full_name: string; default_branch?: string }[];
        return list.map((repository) => ({ fullName: repository.full_name, defaultBranch: repository.default_branch ?? "main" }));
      } catch (error) {
        throw toTrackerError(error, `listing the repositories of installation ${installationId}`);
      }
    },
    async installationOf(repository) {
      for (const installation of await client.installations()) {
        const repositories = await client.repositories(installation.id);
        if (repositories.some((r) => r.fullName.toLowerCase() === repository.toLowerCase())) return installation.id;
      }
      return undefined;
    },
    async readFile(installationId, repository, path) {
      const { owner, repo } = splitRepository(repository);
      try {
        const { data } = await octokitOf(installationId).request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path });
        const file = data as { type?: unknown; encoding?: unknown; content?: unknown };
        if (file.type !== "file" || typeof file.content !== "string") {
          throw new TrackerError("invalid", `${repository}:${path} is not a file (GitHub answered a ${Array.isArray(data) ? "folder" : String(file.type)})`);
        }
        return file.encoding === "base64" ? Buffer.from(file.content, "base64").toString("utf8") : file.content;
      } catch (error) {
        const failure = toTrackerError(error, `reading ${repository}:${path}`);
        if (failure.kind === "not-found") return undefined;
        throw failure;
      }
    },
    tracker(installationId, repository, rules) {
      const key = `${installationId}:${repository.toLowerCase()}`;
      const kept = trackers.get(key);
      if (kept !== undefined && kept.rules === rules) return kept.tracker;
      const tracker = createGitHubTracker({
        octokit: octokitOf(installationId),
        repository,
        graphqlUrl: options.graphqlUrl,
        botLogins: rules.botLogins,
        priorityField: rules.priority.fields[GITHUB_CAPABILITIES.source],
        issueFieldNames: issueFieldNames(rules),
        channelSender: options.channelSender,
      });
      trackers.set(key, { rules, tracker });
      logger.log("debug", "github.app.tracker", { repository, installation: installationId });
      return tracker;
    },
  };
  return client;
}
