/**
 * How `shepherd audit` and `shepherd plan` print a report and write its JSON file: in pieces, the
 * issue lines read once in order (a packed report unpacks one at a time), so that a report of
 * 100,000 issues is never one text in memory. The bytes are those of the whole text at once:
 * `formatReport`, and `JSON.stringify(report, null, 2)` with a final newline.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { ReportView } from "../format-report.ts";

/** Characters gathered before one write. */
const BATCH = 1 << 20;

const indent = (text: string, by: string): string => text.replace(/\n/g, `\n${by}`);

/**
 * The text of `JSON.stringify(report, null, 2)` and a newline, in pieces: the report's keys in
 * order, its `issues` one line at a time (a JSON string holds no raw newline, so indenting a
 * value's text is replacing its newlines).
 */
export function* reportJson(report: ReportView): Generator<string> {
  let separator = "{\n  ";
  for (const [key, value] of Object.entries(report)) {
    if (key === "issues") {
      yield `${separator}${JSON.stringify(key)}: `;
      let first = true;
      for (const issue of value as Iterable<unknown>) {
        yield `${first ? "[\n    " : ",\n    "}${indent(JSON.stringify(issue, null, 2) ?? "null", "    ")}`;
        first = false;
      }
      yield first ? "[]" : "\n  ]";
    } else {
      const json = JSON.stringify(value, null, 2) as string | undefined;
      if (json === undefined) continue;
      yield `${separator}${JSON.stringify(key)}: ${indent(json, "  ")}`;
    }
    separator = ",\n  ";
  }
  yield separator === "{\n  " ? "{}\n" : "\n}\n";
}

/** Hand `pieces` to `write` gathered into texts of about a megabyte. */
export function writePieces(pieces: Iterable<string>, write: (text: string) => void): void {
  let batch: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    batch.push(piece);
    size += piece.length;
    if (size >= BATCH) {
      write(batch.join(""));
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) write(batch.join(""));
}

/** Write `pieces` to the file at `path` (created or emptied first); throws as fs does. */
export function writePiecesToFile(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, "w");
  try {
    writePieces(pieces, (text) => {
      const bytes = Buffer.from(text, "utf8");
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    });
  } finally {
    closeSync(fd);
  }
}
