/**
 * What planning code writes a plan through: each change as a difference from the issue as it is,
 * kept net by the builder behind it (`plan-builder.ts`). The rule actions of the operation modules
 * plan through this, so they need not know how the builder keeps the plan.
 */
import type { Operation } from "../plan.ts";

export interface PlanWriter {
  addLabels(labels: readonly string[], rule: string, reason: string): void;
  removeLabels(labels: readonly string[], rule: string, reason: string): void;
  /** Say a keyed notice once (in this run's digest); never again while a comment carries that key. */
  commentOnce(key: string, body: string, mentions: readonly string[], rule: string, reason: string): void;
  /** Keep the keyed comment's text equal to `body`: write it, or edit it in place. */
  sticky(key: string, body: string, mentions: readonly string[], rule: string, reason: string, create?: boolean): void;
  push(operation: Operation): void;
  /** The channel notice keys planned so far in this run (a few): each is planned once. */
  readonly noticeKeys: string[];
}
