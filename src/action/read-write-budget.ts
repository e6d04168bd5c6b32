/**
 * The write budget: the max-writes input, else a tenth of the remaining core rate limit,
 * at most 1000. Without a rate limit to read (Enterprise Server with limits off) it is 1000.
 */
import type { GitHubClient } from "../github/create-octokit.ts";

export const MAX_DEFAULT_WRITES = 1000;

export async function readWriteBudget(octokit: GitHubClient, input: number | null, log: (message: string) => void): Promise<number> {
  if (input !== null) return input;
  try {
    const { data } = await octokit.request("GET /rate_limit");
    const remaining = data.resources.core.remaining;
    const budget = Math.min(Math.floor(remaining / 10), MAX_DEFAULT_WRITES);
    log(`write budget: ${budget} (a tenth of the ${remaining} requests left this hour, at most ${MAX_DEFAULT_WRITES})`);
    return budget;
  } catch (error) {
    log(`write budget: ${MAX_DEFAULT_WRITES} (no rate limit to read: ${String((error as Error).message ?? error)})`);
    return MAX_DEFAULT_WRITES;
  }
}
