/**
 * POST a GraphQL query through the Octokit (so throttling and retries apply) to the configured
 * GraphQL endpoint, which on Enterprise Server is not below the REST base URL.
 */
import { TrackerError } from "../core/tracker.ts";
import type { GitHubClient } from "./create-octokit.ts";
import { toTrackerError } from "./to-tracker-error.ts";

interface GraphqlError {
  message?: string;
  type?: string;
}

/** The GraphQL endpoint for a REST base URL: api.github.com/graphql, or HOST/api/graphql on GHES. */
export function defaultGraphqlUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  return /\/api\/v3$/.test(base) ? base.replace(/\/api\/v3$/, "/api/graphql") : `${base}/graphql`;
}

export async function graphqlRequest<T>(
  octokit: GitHubClient,
  url: string,
  query: string,
  variables: Record<string, unknown>,
  what: string,
): Promise<T> {
  let body: { data?: T | null; errors?: GraphqlError[] };
  try {
    const response = await octokit.request(`POST ${url}`, { query, variables });
    body = response.data as typeof body;
  } catch (error) {
    throw toTrackerError(error, what);
  }
  const errors = body.errors ?? [];
  if (errors.length > 0) {
    const message = `${what}: ${errors.map((e) => e.message ?? "error").join("; ")}`;
    const types = new Set(errors.map((e) => e.type));
    const kind = types.has("NOT_FOUND")
      ? "not-found"
      : types.has("RATE_LIMITED")
        ? "rate-limit"
        : types.has("FORBIDDEN") || types.has("INSUFFICIENT_SCOPES")
          ? "auth"
          : "invalid";
    throw new TrackerError(kind, message, { cause: errors });
  }
  if (body.data === undefined || body.data === null) throw new TrackerError("transient", `${what}: no data in the GraphQL answer`);
  return body.data;
}
