/**
 * Write the knowledge base: each case's file, the index page and `cases.json`, each only when
 * its text changes, so a rerun over the same tracker writes nothing. Cases archived before and
 * not read this time (older than `--since`) stay as they were; a case read again that makes no
 * case any more (reopened, its root cause removed) leaves the index and `cases.json`, and its
 * file is left for a person to keep or delete.
 */
import type { CaseRecord, NoCaseRecord } from "../core/cases/case-record.ts";
import type { Rules } from "../core/rules/rules.ts";
import type { ArchiveFiles } from "./archive-files.ts";
import { casePath, type ArchivedCase } from "./archived-case.ts";
import { casePage } from "./case-page.ts";
import { formatCasesJson, parseCasesJson } from "./cases-json.ts";
import { indexPage } from "./index-page.ts";

export const CASES_JSON = "cases.json";
export const INDEX = "README.md";

export interface ArchiveInput {
  read: { cases: readonly CaseRecord[]; none: readonly NoCaseRecord[] };
  rules: Rules;
  files: ArchiveFiles;
}

export interface ArchiveOutcome {
  /** Every case in the archive now, oldest close first. */
  cases: ArchivedCase[];
  /** Paths written (changed or new). */
  written: string[];
  /** Files whose text was already as it should be. */
  unchanged: number;
  /** Cases taken out: read again, no case any more. */
  withdrawn: { id: string; path: string; reason: string }[];
  /** Files that could not be written, with the error. */
  failed: { path: string; error: string }[];
}

/** An earlier `cases.json` that is not the archive's: the run stops before writing anything. */
export class ArchiveStateError extends Error {
  override readonly name = "ArchiveStateError";
}

async function previousCases(files: ArchiveFiles): Promise<ArchivedCase[]> {
  const text = await files.read(CASES_JSON);
  if (text === undefined) return [];
  const parsed = parseCasesJson(text);
  if (!parsed.ok) throw new ArchiveStateError(`${CASES_JSON}: ${parsed.problem}. It is the archive's own record of the cases and their files: restore it from version control, or delete it to file every case afresh.`);
  return parsed.cases;
}

/** The archive's cases after this reading: the earlier ones, updated, added to and withdrawn from. */
function mergeCases(previous: readonly ArchivedCase[], input: ArchiveInput["read"]): { cases: ArchivedCase[]; withdrawn: ArchiveOutcome["withdrawn"] } {
  const byId = new Map(previous.map((c) => [c.id, c]));
  const withdrawn: ArchiveOutcome["withdrawn"] = [];
  for (const none of input.none) {
    const earlier = byId.get(none.id);
    if (earlier === undefined) continue;
    byId.delete(none.id);
    withdrawn.push({ id: none.id, path: earlier.path, reason: none.reason });
  }
  const taken = new Set([...byId.values()].map((c) => c.path));
  for (const record of input.cases) {
    const earlier = byId.get(record.id);
    // Filed once: the path (and the slug it names) stay when the keywords change.
    const path = earlier?.path ?? casePath(record, taken);
    taken.add(path);
    byId.set(record.id, { ...record, slug: earlier?.slug ?? record.slug, path });
  }
  const cases = [...byId.values()].sort((a, b) => a.closedAt.localeCompare(b.closedAt) || a.id.localeCompare(b.id));
  return { cases, withdrawn };
}

/** Write what changed; one file that cannot be written does not stop the others. */
export async function writeArchive(input: ArchiveInput): Promise<ArchiveOutcome> {
  const { files, rules } = input;
  const { cases, withdrawn } = mergeCases(await previousCases(files), input.read);
  const outcome: ArchiveOutcome = { cases, written: [], unchanged: 0, withdrawn, failed: [] };
  const put = async (path: string, render: (existing: string | undefined) => string): Promise<void> => {
    try {
      const existing = await files.read(path);
      const text = render(existing);
      if (text === existing) {
        outcome.unchanged++;
        return;
      }
      await files.write(path, text);
      outcome.written.push(path);
    } catch (error) {
      outcome.failed.push({ path, error: error instanceof Error ? error.message : String(error) });
    }
  };
  for (const c of cases) await put(c.path, (existing) => casePage(c, rules, existing));
  await put(INDEX, (existing) => indexPage(cases, existing));
  // Each run renders every case again, so a file that failed now is written by the next run.
  await put(CASES_JSON, () => formatCasesJson(cases));
  return outcome;
}
