/**
 * One plan operation → Jira REST v3 calls, through the map of every kind's write
 * (`operation-handlers.ts`); the writes themselves are in `rest-writes.ts`.
 */
import type { Operation } from "../core/plan.ts";
import type { ApplyTarget } from "./apply-target.ts";
import { handlerOf } from "./operation-handlers.ts";

export type { ApplyTarget } from "./apply-target.ts";

/**
 * Apply one operation to the issue; resolves when Jira has accepted it, with true when the issue
 * already was as asked and nothing was written (a keyed comment another run posted).
 */
export const applyOperation = (target: ApplyTarget, op: Operation): Promise<boolean | void> => handlerOf(op)(target, op);
