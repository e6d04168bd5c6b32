/** `shepherd serve`: the Jira webhook server (DESIGN §7). */
import { UsageError, type CliIO } from "../io.ts";
import type { CliOptions } from "../main.ts";

export function runServe(_options: CliOptions, _io: CliIO): Promise<number> {
  return Promise.reject(new UsageError("serve: the Jira webhook server is not wired into this build yet"));
}
