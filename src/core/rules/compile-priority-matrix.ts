/**
 * `priority.matrix` → the compiled matrix: each axis's answers folded once into a map, and a
 * table checked to be complete, so that evaluation reads a cell with two look-ups. Every problem
 * is collected: an axis without its field or values, a value without answers, an answer two
 * values claim, a row or column the axes do not declare, a missing cell, a level that does not exist.
 */
import { list, type CompileOutput, type DataPath, type RefChecks } from "./compile-context.ts";
import { localText } from "./compile-fields.ts";
import { closest } from "./diagnostics.ts";
import { type MatrixAxisRule, type MatrixValueRule, normaliseAnswer, type PriorityMatrixRule } from "./priority-matrix.ts";
import type { RuleFileOutput } from "./schema.ts";

type MatrixSpec = NonNullable<NonNullable<RuleFileOutput["priority"]>["matrix"]>;
type AxisSpec = NonNullable<MatrixSpec["impact"]>;
type AxisName = "impact" | "urgency";

const PATH: DataPath = ["priority", "matrix"];

function compileAxis(name: AxisName, spec: AxisSpec | undefined, check: Pick<RefChecks, "checkField">, out: CompileOutput): MatrixAxisRule | undefined {
  const path = [...PATH, name];
  if (spec?.field === undefined) {
    out.problems.push({ path: spec === undefined ? PATH : path, message: `expected ${name}: { field: <a named field>, values: {…} } in the matrix, found no ${name} field; name the field that holds the ${name} answer` });
    return undefined;
  }
  check.checkField(spec.field, [...path, "field"]);
  const values: MatrixValueRule[] = [];
  const byAnswer = new Map<string, MatrixValueRule>();
  for (const [key, value] of Object.entries(spec.values ?? {})) {
    const rule: MatrixValueRule = { key, title: localText(value?.title, key) };
    values.push(rule);
    const answers = list(value?.answers);
    if (answers.length === 0) {
      out.problems.push({ path: [...path, "values", key], message: `expected answers: the dropdown option(s) and tracker field option(s) that mean ${JSON.stringify(key)}, found none` });
    }
    answers.forEach((answer, i) => {
      const folded = normaliseAnswer(answer);
      const other = byAnswer.get(folded);
      if (other !== undefined && other !== rule) {
        const at = Array.isArray(value?.answers) ? [...path, "values", key, "answers", i] : [...path, "values", key, "answers"];
        out.problems.push({ path: at, message: `expected an answer that means one value only, found ${JSON.stringify(answer)}, which ${JSON.stringify(other.key)} lists too` });
        return;
      }
      byAnswer.set(folded, rule);
    });
  }
  if (values.length === 0) out.problems.push({ path, message: `expected at least one ${name} value under values, found none` });
  return { field: spec.field, values, byAnswer };
}

const unknownKey = (axis: AxisName, found: string, known: readonly string[]): string => {
  const hint = closest(found, known);
  return `expected an ${axis} value of the matrix (${known.join(", ") || "none is declared"}), found ${JSON.stringify(found)}${hint === undefined ? `; declare it under priority.matrix.${axis}.values` : ` — did you mean ${JSON.stringify(hint)}?`}`;
};

/** The compiled matrix, or undefined when it has problems (all of them reported). */
export function compileMatrix(spec: MatrixSpec, check: Pick<RefChecks, "checkField" | "checkLevel">, out: CompileOutput): PriorityMatrixRule | undefined {
  const before = out.problems.length;
  const impact = compileAxis("impact", spec.impact, check, out);
  const urgency = compileAxis("urgency", spec.urgency, check, out);
  if (impact === undefined || urgency === undefined) return undefined;
  const impactKeys = impact.values.map((v) => v.key);
  const urgencyKeys = urgency.values.map((v) => v.key);
  const table = new Map<string, Map<string, string>>();
  for (const [row, cells] of Object.entries(spec.table ?? {})) {
    if (!impactKeys.includes(row)) {
      out.problems.push({ path: [...PATH, "table", row], message: unknownKey("impact", row, impactKeys) });
      continue;
    }
    const byUrgency = new Map<string, string>();
    table.set(row, byUrgency);
    for (const [column, level] of Object.entries(cells ?? {})) {
      const at = [...PATH, "table", row, column];
      if (!urgencyKeys.includes(column)) {
        out.problems.push({ path: at, message: unknownKey("urgency", column, urgencyKeys) });
        continue;
      }
      if (level === null || level === undefined) continue;
      check.checkLevel(level, at);
      byUrgency.set(column, level);
    }
  }
  for (const row of impactKeys) {
    const missing = urgencyKeys.filter((column) => table.get(row)?.get(column) === undefined);
    if (missing.length === 0) continue;
    const at = table.has(row) ? [...PATH, "table", row] : spec.table === undefined ? PATH : [...PATH, "table"];
    out.problems.push({
      path: at,
      message: `expected a level for every cell of impact ${JSON.stringify(row)} (urgency ${urgencyKeys.join(", ")}), found none for ${missing.map((m) => JSON.stringify(m)).join(", ")}; add e.g. ${row}: { ${missing.map((m) => `${m}: P2`).join(", ")} }`,
    });
  }
  return out.problems.length > before ? undefined : { impact, urgency, table };
}
