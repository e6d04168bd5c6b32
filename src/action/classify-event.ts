/**
 * What one workflow run should do, from the event name and payload: evaluate the one
 * issue an `issues`/`issue_comment` event is about, audit on `schedule`/`workflow_dispatch`, or
 * nothing (with the reason, shown as a notice). Payloads are read permissively: only the fields
 * used, each checked.
 */
import { sameLogin } from "../github/viewer.ts";

export type EventDecision =
  | {
      mode: "issue";
      number: number;
      reason: string;
      /** Who caused the event (`sender.login`), for `ownChangeReason` once the token's identity is read. */
      sender?: string;
    }
  | { mode: "audit"; reason: string }
  | { mode: "skip"; reason: string };

export interface ClassifyOptions {
  /**
   * Accounts the rules name as the tool's (`bot.logins`): changes they make start no run. This is
   * loop prevention only; whose comments carry hidden keys is decided by the token's identity.
   */
  botLogins: readonly string[];
  /** The login the token acts as, when already known: its changes start no run either. */
  selfLogin?: string | undefined;
  /** True when some rule has a `pull-request: true` condition. */
  pullRequests: boolean;
}

/** The account GITHUB_TOKEN writes as. */
export const ACTIONS_BOT = "github-actions[bot]";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Actions after which there is no issue left in this repository to look at. */
const GONE: Record<string, string> = {
  deleted: "the issue was deleted",
  transferred: "the issue moved to another repository (the run there handles it)",
};

export function classifyEvent(eventName: string, payload: unknown, options: ClassifyOptions): EventDecision {
  if (eventName === "schedule" || eventName === "workflow_dispatch") return { mode: "audit", reason: `${eventName}: SLA audit of all open issues` };
  if (eventName !== "issues" && eventName !== "issue_comment") {
    return { mode: "skip", reason: `the ${eventName} event is not one issue-shepherd handles (issues, issue_comment, schedule, workflow_dispatch)` };
  }
  if (!isRecord(payload)) return { mode: "skip", reason: `the ${eventName} event has no payload to read` };
  const action = typeof payload.action === "string" ? payload.action : "?";
  const issue = payload.issue;
  if (!isRecord(issue) || typeof issue.number !== "number") return { mode: "skip", reason: `${eventName}.${action} carries no issue` };
  if (!Number.isSafeInteger(issue.number) || issue.number < 1) {
    // Read as an issue, 1e21 or 1.5 would end the run on "not an issue" instead of skipping it.
    return { mode: "skip", reason: `${eventName}.${action} carries no issue number (expected a whole number from 1, found ${JSON.stringify(issue.number)})` };
  }
  const what = `${eventName}.${action} on #${issue.number}`;
  const sender = isRecord(payload.sender) && typeof payload.sender.login === "string" ? payload.sender.login : "";
  const own = [ACTIONS_BOT, ...options.botLogins, ...(options.selfLogin === undefined ? [] : [options.selfLogin])];
  if (sender !== "" && own.some((login) => sameLogin(login, sender))) return { mode: "skip", reason: ownChange(what, sender) };
  if (eventName === "issues" && GONE[action] !== undefined) return { mode: "skip", reason: `${what}: ${GONE[action]}` };
  if (isRecord(issue.pull_request) && !options.pullRequests) {
    return { mode: "skip", reason: `${what} is a pull request; pull requests are ignored unless a rule has a pull-request condition` };
  }
  return { mode: "issue", number: issue.number, reason: what, ...(sender === "" ? {} : { sender }) };
}

const ownChange = (what: string, sender: string): string => `${what} was made by ${sender}, the tool's own account`;

/**
 * Once the token's identity is known (GraphQL `viewer`): was this event caused by the tool itself?
 * A personal token's user or an App's bot is known only then; the job token's
 * `github-actions[bot]` is recognised before any request. Returns the reason to skip, if so.
 */
export function ownChangeReason(decision: EventDecision, selfLogin: string): string | undefined {
  if (decision.mode !== "issue" || decision.sender === undefined || !sameLogin(decision.sender, selfLogin)) return undefined;
  return ownChange(decision.reason, decision.sender);
}
