/**
 * Which repositories `shepherd audit --tracker github-app` audits: every repository of every
 * installation of the App (GET /app/installations, then GET /installation/repositories with each
 * installation's token), or those `--repos` lists — each of which must be one of them.
 */
import type { GitHubAppClient } from "../github/app-client.ts";
import { UsageError } from "./io.ts";

/** A repository to audit and the installation whose token reaches it. */
export interface AppTarget {
  installation: number;
  repository: string;
}

const REPOSITORY = /^[\w.-]+\/[\w.-]+$/;

/** `--repos OWNER/A,OWNER/B` → the names, checked; undefined when not given. */
export function parseRepos(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (names.length === 0) throw new UsageError(`--repos: expected repositories as OWNER/REPO separated by commas, found ${JSON.stringify(text)}`);
  for (const name of names) {
    if (!REPOSITORY.test(name)) throw new UsageError(`--repos: expected OWNER/REPO, found ${JSON.stringify(name)} in ${JSON.stringify(text)}`);
  }
  return [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
}

/** Every repository the App reaches, in the order GitHub lists them; or the listed ones, in their order. */
export async function appTargets(client: Pick<GitHubAppClient, "installations" | "repositories">, listed: readonly string[] | undefined): Promise<AppTarget[]> {
  const reached = new Map<string, AppTarget>();
  const found = (): boolean => listed !== undefined && listed.every((name) => reached.has(name.toLowerCase()));
  for (const installation of await client.installations()) {
    // Each installation listed costs a token: none once the listed repositories are all found.
    if (found()) break;
    for (const repository of await client.repositories(installation.id)) {
      const key = repository.fullName.toLowerCase();
      if (!reached.has(key)) reached.set(key, { installation: installation.id, repository: repository.fullName });
    }
  }
  if (listed === undefined) return [...reached.values()];
  const missing = listed.filter((name) => !reached.has(name.toLowerCase()));
  if (missing.length > 0) {
    const known = [...reached.values()].map((t) => t.repository);
    const shown = known.length === 0 ? "none" : `${known.slice(0, 10).join(", ")}${known.length > 10 ? `, … (${known.length} in all)` : ""}`;
    throw new UsageError(
      `--repos: expected repositories the App is installed on, found ${missing.map((m) => JSON.stringify(m)).join(", ")} reached by none of its installations ` +
        `(it reaches ${shown}); install the App on ${missing.length === 1 ? "it" : "them"} (the App's settings → Install App) or correct the name`,
    );
  }
  return listed.map((name) => reached.get(name.toLowerCase()) as AppTarget);
}
