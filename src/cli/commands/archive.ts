/**
 * `shepherd archive`: the knowledge base of solved cases — one Markdown file per case, an index
 * page and `cases.json` — in a folder, written from the tracker's closed issues. Files are
 * replaced atomically and only when their text changes.
 */
import { mkdirSync, statSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { ArchiveFiles } from "../../archive/archive-files.ts";
import { readCases } from "../../archive/read-cases.ts";
import { ArchiveStateError, writeArchive } from "../../archive/write-archive.ts";
import { displayZone } from "../../core/text/format-instant.ts";
import { writeFileAtomic } from "../../file/write-file-atomic.ts";
import { parseInstant } from "../../rule-tests/parse-instant.ts";
import { parseDay, startOfDay } from "../../report/period.ts";
import { UsageError, type CliIO } from "../io.ts";
import { parseNow, type CliOptions } from "../options.ts";
import { openTracker } from "../open-tracker.ts";
import { loadRulesFor } from "./load.ts";

const errorCode = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** The archive folder: created when missing; a file there is a usage problem. */
function outFolder(out: string | undefined, io: CliIO): string {
  if (out === undefined || out === "") throw new UsageError("missing --out: expected the folder to write the knowledge base to, e.g. --out docs/cases");
  const folder = resolve(io.cwd, out);
  try {
    if (!statSync(folder).isDirectory()) throw new UsageError(`--out ${out}: expected a folder, found a file at ${folder}; choose a folder (it is created when missing)`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (errorCode(error) !== "ENOENT") throw new UsageError(`--out ${out}: expected a folder this process can read, found ${(error as Error).message}`);
    try {
      mkdirSync(folder, { recursive: true });
    } catch (cause) {
      throw new UsageError(`--out ${out}: expected a folder that can be created, found ${(cause as Error).message}; create it first or choose another path`);
    }
  }
  return folder;
}

/** `--since`: a date (start of that day in the rules' zone) or an instant; none: every closed issue. */
function sinceOf(text: string | undefined, timeZone: string): number {
  if (text === undefined) return 0;
  const day = parseDay(text);
  if (day !== undefined) return startOfDay(day, timeZone);
  const instant = parseInstant(text);
  if (instant !== undefined) return instant;
  throw new UsageError(`--since: expected a date as YYYY-MM-DD (in the rules' calendar zone) or an instant such as 2026-03-01T00:00:00+08:00, found ${JSON.stringify(text)}`);
}

/** The folder on disk, as the archive writes it: atomic replacement, folders made as needed. */
function diskFiles(folder: string): ArchiveFiles {
  return {
    async read(path) {
      try {
        return await readFile(join(folder, path), "utf8");
      } catch (error) {
        if (errorCode(error) === "ENOENT") return undefined;
        throw error;
      }
    },
    async write(path, text) {
      const file = join(folder, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFileAtomic(file, text);
    },
  };
}

export async function runArchive(options: CliOptions, positionals: readonly string[], io: CliIO): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`archive: expected only options (--rules, --tracker, --out, --since, --now), found ${JSON.stringify(positionals[0])}`);
  const now = parseNow(options.now, Date.now);
  const rules = loadRulesFor(options.rules, io, now);
  if (!rules) return 2;
  const since = sinceOf(options.since, displayZone(rules));
  const folder = outFolder(options.out, io);
  const tracker = await openTracker(options.tracker, rules, io, now);
  const read = await readCases(tracker, rules, now, since, {
    onSkip: (skipped) => io.stderr.write(`shepherd: warning: left out of the archive: ${skipped.id}: ${skipped.reason}\n`),
    ...(options.jql === undefined ? {} : { jql: options.jql }),
  });
  let outcome;
  try {
    outcome = await writeArchive({ read, rules, files: diskFiles(folder) });
  } catch (error) {
    if (error instanceof ArchiveStateError) throw new UsageError(`${folder}/${error.message}`);
    throw error;
  }
  for (const w of outcome.withdrawn) io.stderr.write(`shepherd: ${w.id} is no longer a case (${w.reason}): taken out of the index; its file ${w.path} is left as it is\n`);
  for (const f of outcome.failed) io.stderr.write(`shepherd: could not write ${join(folder, f.path)} (${f.error}); check the folder's permissions and free space — the next run writes it again\n`);
  const closedNone = read.none.filter((n) => n.reason !== "still open");
  io.stdout.write(
    `shepherd: ${outcome.cases.length} case(s) in ${folder}: ${outcome.written.length} file(s) written, ${outcome.unchanged} unchanged` +
      `${closedNone.length > 0 ? `; ${closedNone.length} closed issue(s) make no case` : ""}\n`,
  );
  for (const n of closedNone) io.stdout.write(`  ${n.id}: ${n.reason}\n`);
  return outcome.failed.length > 0 ? 1 : 0;
}
