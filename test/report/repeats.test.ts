import { describe, expect, it } from "vitest";
import { computeRepeats, type ReviewCase } from "../../src/report/repeats.ts";

const at = (day: string): string => `2026-${day}T10:00:00.000Z`;
const pool = { category: "database", rootCause: "connection pool exhausted by the report job", solution: "separate pool" };
const cases: ReviewCase[] = [
  { id: "A", title: "Order service 500, timeout waiting for connection from pool", body: "HikariPool connection is not available, request timed out after 30000ms", priority: "P1", ...pool, createdAt: at("01-05"), closedAt: at("01-06") },
  // reported before A was solved: the same problem, but not yet a repeat of a solved case
  { id: "F", title: "checkout 500s, hikari pool timeout waiting for connection", body: "connection is not available, request timed out", priority: "P1", ...pool, createdAt: at("01-05"), closedAt: at("02-02") },
  { id: "B", title: "checkout erroring, connection pool timeout again", body: "hikari says connection is not available, request timed out after 30 s", priority: "P1", ...pool, createdAt: at("02-05"), closedAt: at("02-10") },
  { id: "C", title: "订单服务 500，连接池拿不到连接", body: "日志里全是 HikariPool connection is not available, request timed out", priority: "P1", ...pool, createdAt: at("02-12"), closedAt: at("02-15") },
  { id: "D", title: "Printer on floor 3 prints garbage for PDFs", body: "Word documents print fine", category: "printer", priority: "P3", rootCause: "driver updated", solution: "rolled back", createdAt: at("02-03"), closedAt: at("02-04") },
  { id: "E", title: "VPN rejects new connections, maximum users reached", body: "licence", category: "vpn", priority: "P1", rootCause: "licence expired", solution: "renewed", createdAt: at("02-06"), closedAt: at("02-07") },
];

describe("computeRepeats", () => {
  it("counts the cases closed in the period with an earlier solved case above the threshold, and their cluster", () => {
    // February closes F, B, C, D, E. B repeats A (and F); C repeats A, F and B, in Chinese; F was
    // reported before A was solved, D and E repeat nothing. So 2 of 5, one cluster A F B C whose
    // P1 cases in February are F, B, C: 3 of the 4 P1 closed in February (E is the fourth).
    const figures = computeRepeats(cases, Date.parse("2026-02-01T00:00:00Z"), Date.parse("2026-03-01T00:00:00Z"));
    expect(figures).toEqual({
      count: 2,
      rate: 2 / 5,
      clusters: [{ caseIds: ["A", "F", "B", "C"], size: 4, category: "database", rootCause: pool.rootCause, priority: "P1", shareOfPriority: 3 / 4 }],
    });
  });

  it("gives no rate when nothing closed in the period, and no repeat without an earlier case", () => {
    expect(computeRepeats(cases, Date.parse("2026-04-01T00:00:00Z"), Date.parse("2026-05-01T00:00:00Z"))).toEqual({ count: 0, rate: null, clusters: [] });
    expect(computeRepeats(cases.slice(0, 1), Date.parse("2026-01-01T00:00:00Z"), Date.parse("2026-02-01T00:00:00Z"))).toEqual({ count: 0, rate: 0, clusters: [] });
  });
});
