/**
 * Plan → GitHub writes: comments and issue fields as REST requests, one operation at a time, and
 * labels, assignees and state as one GraphQL request (`apply-batch.ts`); which write each kind
 * is, is said once, in `operation-handlers.ts`. A failing operation is reported and the others
 * still run, except after an auth failure (a revoked token): then nothing more is tried.
 */
import type { Issue } from "../core/model.ts";
import { applyOrder, moduleOf } from "../core/operations/registry.ts";
import type { Operation } from "../core/plan.ts";
import type { OperationResult } from "../core/tracker.ts";
import { applyWithRest, joinsBatch } from "./operation-handlers.ts";
import { toTrackerError } from "./to-tracker-error.ts";
import type { ApplyContext, WriteTarget } from "./write-target.ts";

export type { ApplyContext } from "./write-target.ts";

/**
 * Where to start listing comments so that every comment created or edited after the issue was
 * read is included: GitHub's `since` compares `updated_at`, and a comment written after the read
 * is updated no earlier than the newest one the read saw. A second of slack for GitHub's whole-
 * second timestamps. Undefined (list them all) when the issue had no comments with times.
 */
function sinceOf(issue: Issue | undefined): number | undefined {
  let latest = 0;
  for (const comment of issue?.comments ?? []) latest = Math.max(latest, comment.createdAt, comment.updatedAt ?? 0);
  return latest > 0 ? latest - 1000 : undefined;
}

/**
 * Apply operations to one issue, in order; each result says whether it worked and why not. `read`
 * is the issue as the plan was made from: comments newer than it are checked before posting.
 * With a batch writer, the labels, assignees and state changes of the plan go out as one GraphQL
 * request at the place of the first of them; comments and issue fields stay REST requests.
 */
export async function applyOperations(
  context: ApplyContext,
  issueNumber: number,
  operations: readonly Operation[],
  read?: Issue,
  fresh = false,
): Promise<OperationResult[]> {
  const target: WriteTarget = { ...context, issue_number: issueNumber, since: sinceOf(read), fresh };
  const results: (OperationResult | undefined)[] = operations.map(() => undefined);
  const batch = context.batch;
  const batched = batch === undefined ? [] : operations.flatMap((op, i) => (joinsBatch(op) ? [i] : []));
  let refused: string | undefined;
  for (const index of applyOrder(operations)) {
    const operation = operations[index] as Operation;
    if (results[index] !== undefined) continue;
    if (refused !== undefined) {
      results[index] = { operation, ok: false, notAttempted: true, error: `not attempted after the auth failure: ${refused}` };
      continue;
    }
    if (batch !== undefined && batched.includes(index)) {
      const answers = await batch.apply(issueNumber, batched.flatMap((i) => operations[i] ?? []));
      batched.forEach((i, n) => (results[i] = answers[n]));
      const auth = answers.find((answer) => answer.errorKind === "auth");
      if (auth !== undefined) refused = auth.error ?? "the token was refused";
      continue;
    }
    try {
      const alreadyDone = (await applyWithRest(target, operation)) === true;
      results[index] = alreadyDone ? { operation, ok: true, alreadyDone } : { operation, ok: true };
    } catch (error) {
      const failure = toTrackerError(error, `${moduleOf(operation).brief(operation)} on ${context.owner}/${context.repo}#${issueNumber}`);
      results[index] = { operation, ok: false, errorKind: failure.kind, error: `${failure.kind}: ${failure.message}` };
      // A refused token stays refused: every further write would be one more 401, and a plan
      // half-applied after the failure was known helps nobody.
      if (failure.kind === "auth") refused = failure.message;
    }
  }
  return results as OperationResult[];
}
