/**
 * How one kind of operation joins the plan's one GraphQL request (`apply-batch.ts`): the ids it
 * needs read, the mutation steps it sends, and what it checks in GitHub's answer.
 */
import type { LabelChange } from "../core/operations/operation-module.ts";
import type { OperationKind, OperationOf } from "../core/plan.ts";
import type { MutationStep } from "./graphql-queries.ts";

/** The ids the batch has read, for the steps. */
export interface BatchIds {
  /** The ids of those labels the repository has (a name it lacks has none). */
  labels(names: readonly string[]): string[];
  /** A user's node id; undefined when GitHub has no such user. */
  user(login: string): string | undefined;
}

export interface BatchPart<K extends OperationKind> {
  /** Whether this operation goes into the batch (a priority kept in an issue field does not). */
  joins(op: OperationOf<K>): boolean;
  /** The logins whose ids its steps need. */
  logins?(op: OperationOf<K>): readonly string[];
  /** Its steps; none when the issue already is as asked; a string when it cannot be sent, saying why. */
  steps(op: OperationOf<K>, ids: BatchIds): MutationStep[] | string;
  /** What is wrong with GitHub's answers to its steps (in step order), if anything. */
  check?(op: OperationOf<K>, answers: readonly unknown[], repository: string): string | undefined;
}

/**
 * The steps of a label change: removals, then additions. A label the repository does not have is
 * not on the issue, so removing it is done already (and an added one was created before).
 */
export function labelSteps(change: LabelChange, ids: BatchIds): MutationStep[] {
  const remove = ids.labels(change.remove);
  const add = ids.labels(change.add);
  return [...(remove.length > 0 ? [{ kind: "remove-labels", labelIds: remove } as const] : []), ...(add.length > 0 ? [{ kind: "add-labels", labelIds: add } as const] : [])];
}
