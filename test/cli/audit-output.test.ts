/**
 * The audit's report printed in pieces: the JSON text is exactly `JSON.stringify(report, null, 2)`
 * with a newline, for any report (issues from an array or a packed list), and gathered writes
 * carry the same text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PackedList } from "../../src/audit/pack-record.ts";
import { reportJson, writePieces } from "../../src/cli/commands/audit-output.ts";
import type { IssueReport } from "../../src/audit/issue-report.ts";
import type { ReportView } from "../../src/cli/format-report.ts";

const report = (issues: unknown[], extra: Record<string, unknown> = {}): ReportView =>
  ({ tracker: "t", now: "2026-03-11T02:00:00.000Z", dryRun: false, issues, skipped: [], totals: { issues: issues.length }, budget: { max: null }, ...extra }) as unknown as ReportView;

describe("the report as JSON, in pieces", () => {
  it("is JSON.stringify's text for any issues and header values", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }), (issues, extra) => {
        const whole = report(issues, extra);
        expect([...reportJson(whole)].join("")).toBe(`${JSON.stringify(whole, null, 2)}\n`);
      }),
    );
  });

  it("leaves out undefined values as JSON.stringify does, and prints a packed list's issues as the array would be", () => {
    const issues = [{ id: "#1", category: undefined, clocks: [] }, { id: "#2", title: "é — \n" }] as unknown as IssueReport[];
    const packed = new PackedList<IssueReport>();
    issues.forEach((issue, at) => packed.put(at, issue));
    const text = `${JSON.stringify(report(issues, { stopped: undefined }), null, 2)}\n`;
    expect([...reportJson(report([...packed], { stopped: undefined }))].join("")).toBe(text);
    expect([...reportJson({ ...report(issues, { stopped: undefined }), issues: packed })].join("")).toBe(text);
    expect([...reportJson(report([]))].join("")).toBe(`${JSON.stringify(report([]), null, 2)}\n`);
  });

  it("gathers pieces into writes of about a megabyte, in order", () => {
    const writes: string[] = [];
    const pieces = Array.from({ length: 3000 }, (_, n) => `${String(n).padStart(1000, "x")}\n`);
    writePieces(pieces, (text) => writes.push(text));
    expect(writes.join("")).toBe(pieces.join(""));
    expect(writes.length).toBe(3);
    writePieces([], (text) => writes.push(text));
    expect(writes.length).toBe(3);
  });
});
