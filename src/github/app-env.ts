/**
 * The GitHub App settings of a composition root, from an environment object it passes in
 * (`shepherd serve`, `shepherd audit --tracker github-app`): GITHUB_APP_ID, the App's private key
 * (GITHUB_APP_PRIVATE_KEY as PEM text, or GITHUB_APP_PRIVATE_KEY_PATH), GITHUB_API_URL and
 * GITHUB_GRAPHQL_URL (Enterprise Server), and for the server GITHUB_WEBHOOK_SECRET, which may
 * list several secrets separated by commas while one is being rotated. Errors name the variable
 * and what was wrong, never a value.
 */
import { createPrivateKey } from "node:crypto";

export interface GitHubAppEnv {
  appId: number;
  /** PEM text of the App's private key. */
  privateKey: string;
  /** REST base URL (default https://api.github.com). */
  apiUrl: string;
  graphqlUrl: string | undefined;
}

export type GitHubAppEnvResult = { ok: true; env: GitHubAppEnv } | { ok: false; error: string };

type Env = Readonly<Record<string, string | undefined>>;

const set = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
};

/** Whether the environment asks for the GitHub App (GITHUB_APP_ID is set). */
export const wantsGitHubApp = (env: Env): boolean => set(env, "GITHUB_APP_ID") !== undefined;

/** Read and check the App's variables; `readFile` reads GITHUB_APP_PRIVATE_KEY_PATH (throws when it cannot). */
export function readGitHubAppEnv(env: Env, readFile: (path: string) => string): GitHubAppEnvResult {
  const id = set(env, "GITHUB_APP_ID");
  if (id === undefined) return { ok: false, error: "GITHUB_APP_ID is not set: expected the App's numeric id (the App's settings page, About → App ID)" };
  if (!/^\d+$/.test(id) || Number(id) <= 0) return { ok: false, error: `GITHUB_APP_ID must be the App's numeric id, found ${id.length} characters that are not a whole number` };
  const inline = set(env, "GITHUB_APP_PRIVATE_KEY");
  const path = set(env, "GITHUB_APP_PRIVATE_KEY_PATH");
  if (inline !== undefined && path !== undefined) return { ok: false, error: "GITHUB_APP_PRIVATE_KEY and GITHUB_APP_PRIVATE_KEY_PATH are both set: keep one of them" };
  let privateKey: string;
  if (inline !== undefined) {
    // A key put into one line of an env file keeps its line breaks as \n.
    privateKey = inline.includes("\\n") ? inline.replace(/\\n/g, "\n") : inline;
  } else if (path !== undefined) {
    try {
      privateKey = readFile(path);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return { ok: false, error: `GITHUB_APP_PRIVATE_KEY_PATH: expected a readable PEM file at ${path}, found ${typeof code === "string" ? code : "it unreadable"}` };
    }
  } else {
    return { ok: false, error: "the App's private key is not set: put the PEM file's text in GITHUB_APP_PRIVATE_KEY, or its path in GITHUB_APP_PRIVATE_KEY_PATH" };
  }
  const where = path === undefined ? "GITHUB_APP_PRIVATE_KEY" : `GITHUB_APP_PRIVATE_KEY_PATH (${path})`;
  try {
    const key = createPrivateKey(privateKey);
    if (key.asymmetricKeyType !== "rsa") return { ok: false, error: `${where}: expected an RSA private key (GitHub App keys are), found a ${key.asymmetricKeyType ?? "different"} key` };
  } catch {
    return { ok: false, error: `${where}: expected a PEM private key ("-----BEGIN RSA PRIVATE KEY-----"), found text that is not one; download a new key from the App's settings page` };
  }
  const apiUrl = (set(env, "GITHUB_API_URL") ?? "https://api.github.com").replace(/\/+$/, "");
  try {
    new URL(apiUrl);
  } catch {
    return { ok: false, error: "GITHUB_API_URL is not a URL like https://api.github.com or https://HOST/api/v3" };
  }
  return { ok: true, env: { appId: Number(id), privateKey, apiUrl, graphqlUrl: set(env, "GITHUB_GRAPHQL_URL") } };
}

/** The webhook secrets, in order: the first is the current one, the rest are accepted while rotating. */
export function webhookSecrets(env: Env): string[] {
  return (env.GITHUB_WEBHOOK_SECRET ?? "")
    .split(",")
    .map((secret) => secret.trim())
    .filter((secret) => secret !== "");
}
