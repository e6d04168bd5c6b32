/**
 * The rules of each repository a GitHub App reaches: the repository's own `.github/shepherd.yml`
 * at its default branch, else the organisation's defaults in its `.github` repository (the same
 * path there), else none — the repository is skipped, and that is logged once. Kept for a while
 * (`ttlMs`) and forgotten at once when a push changes one of those files (`refresh`). A file
 * with errors is logged with every diagnostic as `file:line:col` and its repository skipped; it
 * never stops the others. The text is loaded by the loader passed in (the CLI's and the
 * server's `readRulesText`), so presets resolve as for a file on disk.
 */
import { type Logger, silentLogger } from "../core/logger.ts";
import type { LoadResult } from "../core/rules/load-rules.ts";
import { formatDiagnostic } from "../core/rules/diagnostics.ts";
import type { Rules } from "../core/rules/rules.ts";
import type { GitHubAppClient } from "./app-client.ts";

/** Where a repository's rules live, in its default branch. */
export const RULE_FILE_PATH = ".github/shepherd.yml";
/** The organisation repository that holds defaults for all of its repositories. */
export const ORG_DEFAULTS_REPOSITORY = ".github";

export type RepositoryRules =
  | { kind: "rules"; rules: Rules; /** `OWNER/REPO:.github/shepherd.yml` it came from. */ file: string }
  | { kind: "none" }
  | { kind: "invalid"; file: string; diagnostics: string[] };

export interface AppRulesOptions {
  client: Pick<GitHubAppClient, "readFile">;
  /** Text → rules, with diagnostics located in `file`. */
  load: (file: string, text: string) => LoadResult;
  logger?: Logger;
  /** Wall clock, epoch ms. */
  now?: () => number;
  /** How long rules are kept before they are read again; default 10 minutes. */
  ttlMs?: number;
}

export interface AppRules {
  /** The repository's rules, read (or reused) now. Rejects only when GitHub could not be read. */
  rulesFor(installationId: number, repository: string): Promise<RepositoryRules>;
  /**
   * A push changed `.github/shepherd.yml` of this repository: forget its rules, and when it is the
   * organisation's `.github` repository, those of every repository of the organisation.
   */
  refresh(repository: string): void;
}

const ownerOf = (repository: string): string => repository.split("/")[0] ?? "";

export function createAppRules(options: AppRulesOptions): AppRules {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 600_000;
  const kept = new Map<string, { at: number; result: Promise<RepositoryRules> }>();
  /** What was last logged about a repository, so that the same finding is logged once. */
  const told = new Map<string, string>();

  const tell = (repository: string, result: RepositoryRules): void => {
    const what = result.kind === "rules" ? `rules:${result.file}` : result.kind === "none" ? "none" : `invalid:${result.file}:${result.diagnostics.join("\n")}`;
    if (told.get(repository) === what) return;
    told.set(repository, what);
    if (result.kind === "none") {
      logger.log("warn", "rules.none", {
        repository,
        message: `${repository} has no ${RULE_FILE_PATH}, nor has ${ownerOf(repository)}/${ORG_DEFAULTS_REPOSITORY}: its issues are skipped until one of them is added`,
      });
    } else if (result.kind === "invalid") {
      logger.log("error", "rules.invalid", { repository, file: result.file, diagnostics: result.diagnostics, message: `${result.file} has errors: the issues of ${repository} are skipped until it is fixed` });
    } else {
      logger.log("info", "rules.loaded", { repository, file: result.file });
    }
  };

  const loadFrom = (file: string, text: string): RepositoryRules => {
    const loaded = options.load(file, text);
    if (loaded.rules === undefined || loaded.diagnostics.length > 0) return { kind: "invalid", file, diagnostics: loaded.diagnostics.map((d) => formatDiagnostic(d)) };
    for (const warning of loaded.warnings ?? []) logger.log("warn", "rules.warning", { file, message: formatDiagnostic(warning) });
    return { kind: "rules", rules: loaded.rules, file };
  };

  const read = async (installationId: number, repository: string): Promise<RepositoryRules> => {
    const own = await options.client.readFile(installationId, repository, RULE_FILE_PATH);
    if (own !== undefined) return loadFrom(`${repository}:${RULE_FILE_PATH}`, own);
    const defaults = `${ownerOf(repository)}/${ORG_DEFAULTS_REPOSITORY}`;
    if (defaults.toLowerCase() === repository.toLowerCase()) return { kind: "none" };
    // Not reachable (the App is not installed on it) reads as absent, as on GitHub (404).
    const org = await options.client.readFile(installationId, defaults, RULE_FILE_PATH);
    return org === undefined ? { kind: "none" } : loadFrom(`${defaults}:${RULE_FILE_PATH}`, org);
  };

  return {
    rulesFor(installationId, repository) {
      const key = repository.toLowerCase();
      const entry = kept.get(key);
      if (entry !== undefined && now() - entry.at < ttlMs) return entry.result;
      const result = read(installationId, repository).then(
        (found) => {
          tell(repository, found);
          return found;
        },
        (error: unknown) => {
          // Not kept: the next delivery reads again.
          if (kept.get(key)?.result === result) kept.delete(key);
          throw error;
        },
      );
      kept.set(key, { at: now(), result });
      return result;
    },
    refresh(repository) {
      const key = repository.toLowerCase();
      if (repository.split("/")[1]?.toLowerCase() === ORG_DEFAULTS_REPOSITORY) {
        const prefix = `${ownerOf(key)}/`;
        for (const name of [...kept.keys()]) if (name.startsWith(prefix)) kept.delete(name);
      } else {
        kept.delete(key);
      }
      logger.log("info", "rules.refresh", { repository });
    },
  };
}
