/**
 * `cases.json`: every archived case with its file, for scripts and for the next run. The next
 * run reads it back to keep each case's path, and the cases that `--since` does not read again.
 * Read permissively, only for what is used; a file that is not the archive's says so.
 */
import { z } from "zod";
import { CASE_PATH, type ArchivedCase } from "./archived-case.ts";

const NULLABLE_MINUTES = z.number().int().nonnegative().nullable();

const ArchivedCaseSchema = z.object({
  id: z.string().min(1),
  key: z.string(),
  url: z.string().nullable(),
  title: z.string(),
  category: z.string().nullable(),
  priority: z.string(),
  labels: z.array(z.string()),
  rootCause: z.string(),
  solution: z.string(),
  verification: z.string(),
  createdAt: z.string(),
  closedAt: z.string(),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  firstResponseBusinessMinutes: NULLABLE_MINUTES,
  resolutionBusinessMinutes: NULLABLE_MINUTES,
  keywords: z.array(z.string()),
  slug: z.string(),
  path: z.string().regex(CASE_PATH),
});

const CasesFile = z.object({ cases: z.array(ArchivedCaseSchema) });

/** The text of `cases.json`: stable for the same cases, so a rerun writes nothing. */
export function formatCasesJson(cases: readonly ArchivedCase[]): string {
  return `${JSON.stringify({ cases }, null, 2)}\n`;
}

/** The cases of an earlier `cases.json`, or what is wrong with it (where, expected, found). */
export function parseCasesJson(text: string): { ok: true; cases: ArchivedCase[] } | { ok: false; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `expected JSON, found text that does not parse (${(error as Error).message})` };
  }
  const parsed = CasesFile.safeParse(value);
  if (parsed.success) return { ok: true, cases: parsed.data.cases };
  const issue = parsed.error.issues[0];
  const at = issue === undefined ? "" : issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  return { ok: false, problem: `at $${at}: ${issue?.message ?? "not the archive's format"}` };
}
