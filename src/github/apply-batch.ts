/**
 * The non-comment writes of one issue's plan as one GraphQL request: labels added and removed,
 * assignees added, closed or reopened — each a mutation that adds or removes (never a whole-list
 * replace from a stale read), in the plan's order, each failing on its own. GraphQL takes ids,
 * so the writer keeps, per tracker, the issue node ids the audit read saw, the repository's label
 * ids (read once) and the users' ids; what it does not know yet costs one read, and labels the
 * repository does not have yet one request that creates them (REST add-labels would create them
 * on the fly). Issue-field values have no mutation in the schema the tool is checked against, so
 * they stay REST writes (`rest-writes.ts`); which kinds join, and how, `operation-handlers.ts` says.
 */
import { moduleOf } from "../core/operations/registry.ts";
import type { Operation } from "../core/plan.ts";
import { type OperationResult, TrackerError, type TrackerErrorKind } from "../core/tracker.ts";
import type { BatchIds } from "./batch-part.ts";
import type { GitHubClient } from "./create-octokit.ts";
import { buildApplyMutation, buildCreateLabelsMutation, buildWriteIdsQuery, type MutationStep, type WriteIdsRequest } from "./graphql-queries.ts";
import { batchPartOf } from "./operation-handlers.ts";
import { toTrackerError } from "./to-tracker-error.ts";
import type { BatchWriter } from "./write-target.ts";

export interface BatchWriterOptions {
  octokit: GitHubClient;
  graphqlUrl: string;
  owner: string;
  repo: string;
}

interface GqlError {
  message?: string;
  type?: string;
  path?: readonly (string | number)[];
}

interface GqlAnswer {
  data?: Record<string, unknown> | null;
  errors?: GqlError[];
}

const kindOfGraphqlError = (type: string | undefined): TrackerErrorKind =>
  type === "NOT_FOUND"
    ? "not-found"
    : type === "RATE_LIMITED"
      ? "rate-limit"
      : type === "FORBIDDEN" || type === "INSUFFICIENT_SCOPES"
        ? "auth"
        : "invalid";

const key = (name: string) => name.toLowerCase();

export type { BatchWriter } from "./write-target.ts";

export function createBatchWriter(options: BatchWriterOptions): BatchWriter {
  const { octokit, graphqlUrl, owner, repo } = options;
  const issues = new Map<number, string>();
  const labels = new Map<string, { id: string; name: string }>();
  const users = new Map<string, string>();
  let repositoryId: string | undefined;
  let labelsRead = false;

  /** POST a document; HTTP failures throw, GraphQL errors come back with the data. */
  const post = async (document: { query: string; variables: Record<string, unknown> }, extra: Record<string, unknown> = {}): Promise<GqlAnswer> => {
    const response = await octokit.request(`POST ${graphqlUrl}`, { query: document.query, variables: { ...document.variables, ...extra } });
    return (response.data ?? {}) as GqlAnswer;
  };

  const read = async (request: WriteIdsRequest, what: string): Promise<Record<string, unknown>> => {
    const answer = await post(buildWriteIdsQuery(request), { owner, name: repo });
    // A label or user that does not exist is a null alias, not an error; anything else is.
    const errors = (answer.errors ?? []).filter((e) => e.type !== "NOT_FOUND" || (e.path?.[0] === "repository" && e.path.length === 1));
    if (errors.length > 0 || answer.data === undefined || answer.data === null) {
      throw new TrackerError(kindOfGraphqlError(errors[0]?.type), `${what}: ${errors.map((e) => e.message ?? "error").join("; ") || "no data"}`);
    }
    return answer.data;
  };

  /** Read what is not known yet: the issue's node id, the labels (first use), label and user ids. */
  async function resolve(issueNumber: number, labelNames: readonly string[], logins: readonly string[]): Promise<void> {
    const what = `reading the ids for a write to ${owner}/${repo}#${issueNumber}`;
    const request: WriteIdsRequest = {};
    if (!issues.has(issueNumber)) request.issue = issueNumber;
    if (!labelsRead) request.labelsAfter = null;
    else {
      const unknown = [...new Map(labelNames.filter((name) => !labels.has(key(name))).map((name) => [key(name), name])).values()];
      if (unknown.length > 0) request.labels = unknown;
    }
    const unknownUsers = [...new Set(logins.filter((login) => !users.has(key(login))).map(key))];
    if (unknownUsers.length > 0) request.users = unknownUsers;
    if (Object.keys(request).length === 0 && repositoryId !== undefined) return;
    const data = await read(request, what);
    const repository = data.repository as Record<string, unknown> | null | undefined;
    if (repository === null || repository === undefined) throw new TrackerError("not-found", `${what}: no repository ${owner}/${repo}`);
    if (typeof repository.id === "string") repositoryId = repository.id;
    const issue = repository.issue as { id?: unknown } | null | undefined;
    if (request.issue !== undefined) {
      if (typeof issue?.id !== "string") throw new TrackerError("not-found", `${what}: no issue #${issueNumber}`);
      issues.set(issueNumber, issue.id);
    }
    const remember = (node: unknown) => {
      const label = node as { id?: unknown; name?: unknown } | null;
      if (typeof label?.id === "string" && typeof label.name === "string") labels.set(key(label.name), { id: label.id, name: label.name });
    };
    let page = repository.labels as { nodes?: unknown[]; pageInfo?: { hasNextPage?: boolean; endCursor?: string | null } } | undefined;
    while (page !== undefined) {
      for (const node of page.nodes ?? []) remember(node);
      const after = page.pageInfo?.hasNextPage === true ? page.pageInfo.endCursor : undefined;
      page = undefined;
      // A repository with more than 100 labels: the next pages, one read each, on first use only.
      if (typeof after === "string") page = ((await read({ labelsAfter: after }, what)).repository as { labels?: typeof page } | null)?.labels;
    }
    if (request.labelsAfter !== undefined) labelsRead = true;
    (request.labels ?? []).forEach((_, i) => remember(repository[`l${i}`]));
    (request.users ?? []).forEach((login, i) => {
      const user = data[`u${i}`] as { id?: unknown } | null | undefined;
      if (typeof user?.id === "string") users.set(login, user.id);
    });
  }

  /** Create the labels the repository lacks, in one request; a name created meanwhile is read. */
  async function createLabels(names: readonly string[], issueNumber: number): Promise<void> {
    const what = `creating labels ${names.join(", ")} in ${owner}/${repo} for #${issueNumber}`;
    if (repositoryId === undefined) throw new TrackerError("invalid", `${what}: the repository's id is not known`);
    const answer = await post(buildCreateLabelsMutation(repositoryId, names));
    names.forEach((name, i) => {
      const label = (answer.data?.[`c${i}`] as { label?: { id?: unknown; name?: unknown } } | null | undefined)?.label;
      if (typeof label?.id === "string" && typeof label.name === "string") labels.set(key(label.name), { id: label.id, name: label.name });
    });
    const raced = names.filter((name) => !labels.has(key(name)));
    if (raced.length === 0) return;
    // Another run (or a person) created it in between: it exists now, read its id.
    const data = await read({ labels: raced }, what);
    raced.forEach((_, i) => {
      const label = (data.repository as Record<string, unknown> | null)?.[`l${i}`] as { id?: unknown; name?: unknown } | null | undefined;
      if (typeof label?.id === "string" && typeof label.name === "string") labels.set(key(label.name), { id: label.id, name: label.name });
    });
    const failed = raced.filter((name) => !labels.has(key(name)));
    if (failed.length > 0) {
      const said = (answer.errors ?? []).map((e) => e.message ?? "error").join("; ");
      throw new TrackerError(kindOfGraphqlError(answer.errors?.[0]?.type), `${what}: GitHub created none of ${failed.join(", ")}${said === "" ? "" : ` (${said})`}`);
    }
  }

  const describe = (op: Operation): string => moduleOf(op).brief(op);

  /** The ids read so far, as the operations' steps ask for them. */
  const known: BatchIds = {
    labels: (names) => names.flatMap((name) => labels.get(key(name))?.id ?? []),
    user: (login) => users.get(key(login)),
  };

  return {
    rememberIssue(number, nodeId) {
      issues.set(number, nodeId);
    },

    async apply(issueNumber, operations) {
      const where = `${owner}/${repo}#${issueNumber}`;
      const failAll = (error: unknown): OperationResult[] =>
        operations.map((operation) => {
          const failure = toTrackerError(error, `${describe(operation)} on ${where}`);
          return { operation, ok: false, errorKind: failure.kind, error: `${failure.kind}: ${failure.message}` };
        });
      const changes = operations.map((op) => (batchPartOf(op) === undefined ? undefined : moduleOf(op).labels?.(op)));
      const adds = changes.flatMap((change) => change?.add ?? []);
      const removes = changes.flatMap((change) => change?.remove ?? []);
      const logins = operations.flatMap((op) => batchPartOf(op)?.logins?.(op) ?? []);
      try {
        await resolve(issueNumber, [...adds, ...removes], logins);
        const missing = [...new Set(adds.filter((name) => !labels.has(key(name))))];
        if (missing.length > 0) await createLabels(missing, issueNumber);
      } catch (error) {
        return failAll(error);
      }

      // Steps per operation; an operation with nothing left to send (a label to remove that the
      // repository does not have) already holds.
      const steps: MutationStep[] = [];
      const stepsOf: number[][] = [];
      const problems = new Map<number, string>();
      operations.forEach((op, index) => {
        const mine: number[] = [];
        const part = batchPartOf(op);
        const planned = part === undefined ? `${op.kind} is not a write this request can make` : part.steps(op, known);
        if (typeof planned === "string") problems.set(index, planned);
        else {
          for (const step of planned) {
            mine.push(steps.length);
            steps.push(step);
          }
        }
        stepsOf.push(mine);
      });

      let answer: GqlAnswer = {};
      const issueId = issues.get(issueNumber) as string;
      if (steps.length > 0) {
        try {
          answer = await post(buildApplyMutation(steps), { issue: issueId });
        } catch (error) {
          return failAll(error);
        }
      }
      const errorsOf = (step: number) => (answer.errors ?? []).filter((e) => e.path === undefined || e.path[0] === `m${step}`);
      // A label id that no longer resolves (the label was deleted or renamed): read it afresh next time.
      steps.forEach((step, i) => {
        if ((step.kind === "add-labels" || step.kind === "remove-labels") && errorsOf(i).some((e) => e.type === "NOT_FOUND")) {
          for (const [name, label] of labels) if (step.labelIds.includes(label.id)) labels.delete(name);
        }
      });
      return operations.map((operation, index): OperationResult => {
        const fail = (kind: TrackerErrorKind, said: string): OperationResult => ({
          operation,
          ok: false,
          errorKind: kind,
          error: `${kind}: ${describe(operation)} on ${where}: ${said}`,
        });
        const problem = problems.get(index);
        if (problem !== undefined) return fail("invalid", problem);
        const errors = (stepsOf[index] ?? []).flatMap(errorsOf);
        if (errors.length > 0) return fail(kindOfGraphqlError(errors[0]?.type), errors.map((e) => e.message ?? "error").join("; "));
        const unanswered = (stepsOf[index] ?? []).filter((step) => answer.data?.[`m${step}`] === undefined || answer.data[`m${step}`] === null);
        if (unanswered.length > 0) return fail("transient", "GitHub's answer has no result for this write; it may not have been made");
        const answers = (stepsOf[index] ?? []).map((step) => answer.data?.[`m${step}`]);
        const wrong = batchPartOf(operation)?.check?.(operation, answers, `${owner}/${repo}`);
        if (wrong !== undefined) return fail("invalid", wrong);
        return { operation, ok: true };
      });
    },
  };
}
