/**
 * Every kind of operation and its module. The map is typed by kind, so a kind added to
 * `OperationFields` (plan.ts) without a module here does not compile; a new kind is one module
 * file, one line here (and its place in `SUMMARY_ORDER`), and its tests. The rule actions that
 * plan each kind come from its module too.
 */
import type { Operation, OperationKind, OperationOf } from "../plan.ts";
import { addLabels } from "./add-labels.ts";
import { assign } from "./assign.ts";
import { close } from "./close.ts";
import { comment } from "./comment.ts";
import { editComment } from "./edit-comment.ts";
import { notify } from "./notify.ts";
import type { OperationModule } from "./operation-module.ts";
import type { Action, RuleAction } from "./rule-action.ts";
import { removeLabels } from "./remove-labels.ts";
import { reopen } from "./reopen.ts";
import { setField } from "./set-field.ts";
import { setPriority } from "./set-priority.ts";
import { transition } from "./transition.ts";

/** One module per operation kind, in the order plans and rule tests list the kinds. */
export const OPERATIONS: { readonly [K in OperationKind]: OperationModule<K> } = {
  "add-labels": addLabels,
  "remove-labels": removeLabels,
  comment,
  "edit-comment": editComment,
  assign,
  reopen,
  close,
  "set-priority": setPriority,
  "set-field": setField,
  transition,
  notify,
};

/** The operation kinds, in the registry's order. */
export const OPERATION_KINDS = Object.keys(OPERATIONS) as readonly OperationKind[];

/** Every rule action (`then:` key), from the modules of the kinds they plan, in the registry's order. */
export const RULE_ACTIONS: readonly RuleAction[] = OPERATION_KINDS.flatMap((kind) => OPERATIONS[kind].actions ?? []);

const ACTION_BY_KEY = new Map(RULE_ACTIONS.map((action) => [action.key, action]));

/** The rule action a compiled action came from (its `kind` is the action's key): what plans it. */
export function ruleActionOf(action: Action): RuleAction {
  const found = ACTION_BY_KEY.get(action.kind);
  // Compiled actions come from RULE_ACTIONS only: another kind is a compiled rule built by hand wrong.
  if (found === undefined) throw new Error(`no rule action compiles to "${action.kind}"`);
  return found;
}

/** The order the first-run summary lists kinds of change in: what a reader cares about first (comments). */
export const SUMMARY_ORDER: readonly OperationKind[] = ["comment", "edit-comment", "add-labels", "remove-labels", "set-priority", "assign", "reopen", "close", "set-field", "transition", "notify"];

/** The module of an operation, typed for its kind. */
export const moduleOf = <K extends OperationKind>(op: OperationOf<K>): OperationModule<K> => OPERATIONS[op.kind];

/** The module of a kind named by a string (a summary line, a report read back); undefined when it is none. */
export const moduleNamed = (kind: string): OperationModule<OperationKind> | undefined =>
  Object.hasOwn(OPERATIONS, kind) ? OPERATIONS[kind as OperationKind] : undefined;

/** One line describing an operation: `+ label needs-info`, `~ comment [intake/missing]`. */
export const describeOperation = (op: Operation): string => moduleOf(op).describe(op);

/**
 * The order in which an adapter applies a plan's operations, as indices into it: the plan's order,
 * except that the kinds whose module comes `after: "writes"` (channel notices) follow every
 * tracker write, in their own plan order.
 */
export const applyOrder = (operations: readonly Operation[]): number[] => {
  const first: number[] = [];
  const last: number[] = [];
  operations.forEach((op, index) => (moduleOf(op).after === "writes" ? last : first).push(index));
  return [...first, ...last];
};
