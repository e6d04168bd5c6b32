/**
 * The Jira settings of a composition root, from an environment object it passes in (the CLI's
 * `--tracker jira`, `shepherd serve`): JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN, and optional
 * comma-separated transition names. Reads no global state.
 */
import type { TransitionNames } from "./find-transition.ts";

export interface JiraEnv {
  baseUrl: string;
  email: string;
  apiToken: string;
  transitionNames: Partial<TransitionNames>;
}

export type JiraEnvResult = { ok: true; env: JiraEnv } | { ok: false; error: string };

const names = (value: string | undefined): string[] | undefined => {
  const list = (value ?? "").split(",").map((name) => name.trim()).filter((name) => name !== "");
  return list.length === 0 ? undefined : list;
};

/** Read and check the Jira variables; the error names what is missing or wrong, never a value. */
export function readJiraEnv(env: Readonly<Record<string, string | undefined>>): JiraEnvResult {
  const missing = ["JIRA_BASE_URL", "JIRA_EMAIL", "JIRA_API_TOKEN"].filter((name) => (env[name] ?? "").trim() === "");
  if (missing.length > 0) return { ok: false, error: `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set (needed for --tracker jira)` };
  const baseUrl = (env.JIRA_BASE_URL ?? "").trim();
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("scheme");
  } catch {
    return { ok: false, error: "JIRA_BASE_URL is not a URL like https://your-site.atlassian.net" };
  }
  const transitionNames: Partial<TransitionNames> = {};
  const close = names(env.JIRA_CLOSE_TRANSITIONS);
  const reopen = names(env.JIRA_REOPEN_TRANSITIONS);
  const notPlanned = names(env.JIRA_NOT_PLANNED_TRANSITIONS);
  if (close !== undefined) transitionNames.close = close;
  if (reopen !== undefined) transitionNames.reopen = reopen;
  if (notPlanned !== undefined) transitionNames.closeNotPlanned = notPlanned;
  return { ok: true, env: { baseUrl, email: (env.JIRA_EMAIL ?? "").trim(), apiToken: (env.JIRA_API_TOKEN ?? "").trim(), transitionNames } };
}
