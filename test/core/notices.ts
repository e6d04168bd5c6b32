/** A plan's operations with each digest comment seen as its notices, one per hidden key (what tests assert was said). */
import { commentParts } from "../../src/core/engine/digest.ts";
import type { Operation } from "../../src/core/plan.ts";

type Notice = Extract<Operation, { kind: "comment" }>;

export function notices(operations: readonly Operation[]): Operation[] {
  return operations.flatMap((op): Operation[] =>
    op.kind === "comment" ? commentParts(op).map(({ sticky: _sticky, ...part }): Notice => ({ kind: "comment", ...part })) : [op],
  );
}

/** One operation as its notices (for `operations.flatMap(noticeOf)`). */
export const noticeOf = (op: Operation): Operation[] => notices([op]);
