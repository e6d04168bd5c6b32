import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// The repository explains itself: its code, docs and tests cite no design document kept
// outside it (by name or by numbered section). Public standards (an RFC's section) are fine.
const root = fileURLToPath(new URL("..", import.meta.url));
const CITATION = /\bDESIGN(\.md)?\b|(?<!RFC \d+ )§\s?\d/;

/** The lines of the repository's text files that cite an outside design document. */
export function outsideCitations(files: readonly string[], read: (file: string) => string): string[] {
  const found: string[] = [];
  for (const file of files) {
    const lines = read(file).split("\n");
    lines.forEach((line, index) => {
      if (CITATION.test(line)) found.push(`${file}:${index + 1}: ${line.trim()}`);
    });
  }
  return found;
}

it("finds a citation of the design document or one of its sections", () => {
  const texts: Record<string, string> = {
    "a.ts": "// see DESIGN §7\nconst x = 1;",
    "b.md": "The targets (§2 of the design).",
    "c.ts": "/** Logical lines (RFC 5545 §3.1). */",
  };
  expect(outsideCitations(Object.keys(texts), (file) => texts[file] ?? "")).toEqual([
    "a.ts:1: // see DESIGN §7",
    "b.md:1: The targets (§2 of the design).",
  ]);
});

it("no file of the repository cites a document outside it", () => {
  const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((file) => /\.(ts|js|md|yml|yaml|json)$|^Containerfile$/.test(file) && !file.startsWith("dist/") && file !== "package-lock.json" && file !== "test/own-words.test.ts");
  expect(outsideCitations(files, (file) => readFileSync(`${root}${file}`, "utf8"))).toEqual([]);
});
