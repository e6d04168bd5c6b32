/**
 * Queries about one kind of operation, typed by kind: what a plan reopens, whether it comments.
 * A kind misspelt here does not compile, and the answer is the kind's own operation type. A
 * leaf module (types only), so the engine can ask without importing the registry.
 */
import type { Operation, OperationKind, OperationOf } from "../plan.ts";

/** Is the operation of that kind? Narrows it to the kind's operation type. */
export const isOperationOf = <K extends OperationKind>(op: Operation, kind: K): op is OperationOf<K> & Operation => op.kind === kind;

/** The operations of one kind, in their order. */
export const operationsOf = <K extends OperationKind>(operations: readonly Operation[], kind: K): OperationOf<K>[] =>
  operations.filter((op) => isOperationOf(op, kind));
