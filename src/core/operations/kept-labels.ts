/** A label operation cut down to the labels that may change: itself when all may, none when none may. */
import type { OperationOf } from "../plan.ts";

type LabelKind = "add-labels" | "remove-labels";

export function keptLabels<K extends LabelKind>(op: OperationOf<K>, may: (label: string) => boolean): OperationOf<K> | undefined {
  const keep = op.labels.filter(may);
  if (keep.length === op.labels.length) return op;
  return keep.length > 0 ? { ...op, labels: keep } : undefined;
}
