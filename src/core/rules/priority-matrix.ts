/**
 * The priority matrix, compiled: two named fields (impact and urgency), the values each can take
 * with the answers that mean them, and the level of every (impact, urgency) cell. Looking a cell
 * up is two map reads on normalised answers; everything else is done when the rules compile.
 */
import type { Locale } from "./locale.ts";

/** One value of an axis: how messages name it, and where it stands among the axis's values. */
export interface MatrixValueRule {
  /** The key in the rule file, e.g. `all`. */
  key: string;
  /** How the explanation names it, per locale (`all users` / `全部用户`). */
  title: Record<Locale, string>;
}

/** One axis of the matrix: the named field answering it and its values by normalised answer. */
export interface MatrixAxisRule {
  /** The named field (under `fields:`) holding the answer. */
  field: string;
  /** Values in declaration order. */
  values: MatrixValueRule[];
  /** Normalised answer (see `normaliseAnswer`) → value. */
  byAnswer: ReadonlyMap<string, MatrixValueRule>;
}

/** `priority.matrix`, compiled. */
export interface PriorityMatrixRule {
  impact: MatrixAxisRule;
  urgency: MatrixAxisRule;
  /** `impact key` → `urgency key` → level name; complete (the compiler reports a missing cell). */
  table: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** The matrix's verdict on one issue's answers. */
export type MatrixVerdict =
  | { kind: "cell"; impact: MatrixValueRule; urgency: MatrixValueRule; level: string; answers: { impact: string; urgency: string } }
  | { kind: "unanswered"; missing: ("impact" | "urgency")[] }
  | { kind: "unknown"; axis: "impact" | "urgency"; answer: string };

/**
 * An answer as compared with the matrix's answers: Unicode compatibility forms folded (full-width
 * `（５０％）` reads as `(50%)`), case and every space ignored, so that a form's option, the same
 * text typed by hand and a Jira option's value all match.
 */
export function normaliseAnswer(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[\s\u200b]+/gu, "");
}

function valueOf(axis: MatrixAxisRule, answer: string): MatrixValueRule | undefined {
  // A dropdown's answer is one line; a line a person added under it does not hide the choice.
  const first = answer.split(/\r?\n/)[0] ?? answer;
  return axis.byAnswer.get(normaliseAnswer(answer)) ?? axis.byAnswer.get(normaliseAnswer(first));
}

/** The cell the two answers (undefined: not answered) select, or why there is none. */
export function matrixVerdict(matrix: PriorityMatrixRule, impactAnswer: string | undefined, urgencyAnswer: string | undefined): MatrixVerdict {
  const missing: ("impact" | "urgency")[] = [];
  if (impactAnswer === undefined) missing.push("impact");
  if (urgencyAnswer === undefined) missing.push("urgency");
  if (impactAnswer === undefined || urgencyAnswer === undefined) return { kind: "unanswered", missing };
  const impact = valueOf(matrix.impact, impactAnswer);
  if (impact === undefined) return { kind: "unknown", axis: "impact", answer: impactAnswer };
  const urgency = valueOf(matrix.urgency, urgencyAnswer);
  if (urgency === undefined) return { kind: "unknown", axis: "urgency", answer: urgencyAnswer };
  const level = matrix.table.get(impact.key)?.get(urgency.key);
  if (level === undefined) return { kind: "unanswered", missing: [] };
  return { kind: "cell", impact, urgency, level, answers: { impact: impactAnswer, urgency: urgencyAnswer } };
}
