/**
 * The clocks' counting against a minute-by-minute reference: for random pause-label histories, a
 * priority change that moves the clock from the business calendar to 24x7, a first team response
 * or none, and an instant, the time counted and the due instant of first response (no pauses)
 * and resolution (paused by `waiting-for-customer`) are those of counting every minute alone:
 * counted when not paused and the calendar of the level in force then is open; beyond `now`,
 * on the current level's calendar without pauses; no due instant while paused with time left.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import type { Calendar } from "../../src/core/calendar/calendar.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import type { HistoryEvent, Issue } from "../../src/core/model.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { GITHUB_CAPABILITIES } from "../../src/github/capabilities.ts";

const MINUTE = 60_000;
const scratch = mkdtempSync(join(tmpdir(), "shepherd-clock-oracle-"));
const path = join(scratch, "rules.yml");
writeFileSync(
  path,
  [
    "extends: support",
    "calendars:",
    "  business: { timezone: Asia/Shanghai, hours: { mon-fri: ['09:00-12:00', '13:00-18:00'] }, holidays: [2026-03-11] }",
    "sla:",
    "  clocks:",
    "    first-response: { targets: { P0: 45m, P2: 5h } }",
    "    resolution: { targets: { P0: 3h, P2: 1bd } }",
  ].join("\n"),
);
const loaded = readRules(path);
if (!loaded.rules) throw new Error(loaded.diagnostics.map((d) => d.message).join("\n"));
const RULES: Rules = loaded.rules;

// Monday 2026-03-09 08:00 in Shanghai; the business calendar has the Wednesday off.
const BASE = Date.parse("2026-03-09T08:00:00+08:00");
const PAUSE = "waiting-for-customer";

interface Case {
  /** Minutes after BASE. */
  created: number;
  /** Minutes after creation at which the pause label is put on, taken off, on… */
  toggles: number[];
  /** Minutes after creation at which P2 becomes P0, if it does. */
  escalated: number | undefined;
  /** Minutes after creation of the team's first response, if any. */
  response: number | undefined;
  /** Minutes after creation of the evaluation. */
  now: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  created: fc.integer({ min: 0, max: 3 * 1440 }),
  toggles: fc.uniqueArray(fc.integer({ min: 1, max: 4 * 1440 }), { maxLength: 8 }).map((t) => [...t].sort((a, b) => a - b)),
  escalated: fc.option(fc.integer({ min: 1, max: 4 * 1440 }), { nil: undefined }),
  response: fc.option(fc.integer({ min: 1, max: 4 * 1440 }), { nil: undefined }),
  now: fc.integer({ min: 1, max: 4 * 1440 }),
});

function issueOf(c: Case): Issue {
  const createdAt = BASE + c.created * MINUTE;
  const actor = { id: "li-wei", association: "MEMBER" };
  const events: HistoryEvent[] = [{ kind: "labeled", label: "priority/P2", at: createdAt, actor }];
  // Events up to `now` only: the issue as a tracker would show it then.
  const upTo = (m: number): boolean => m < c.now;
  c.toggles.filter(upTo).forEach((m, i) => events.push({ kind: i % 2 === 0 ? "labeled" : "unlabeled", label: PAUSE, at: createdAt + m * MINUTE, actor }));
  const escalated = c.escalated !== undefined && upTo(c.escalated);
  if (escalated) {
    events.push({ kind: "labeled", label: "priority/P0", at: createdAt + (c.escalated as number) * MINUTE, actor });
    events.push({ kind: "unlabeled", label: "priority/P2", at: createdAt + (c.escalated as number) * MINUTE, actor });
  }
  events.sort((a, b) => a.at - b.at);
  const paused = c.toggles.filter(upTo).length % 2 === 1;
  const responded = c.response !== undefined && upTo(c.response);
  return {
    capabilities: GITHUB_CAPABILITIES,
    id: "acme/support#1",
    title: "Checkout fails",
    body: "### Impact scope\n\nOne user",
    labels: [escalated ? "priority/P0" : "priority/P2", ...(paused ? [PAUSE] : [])],
    state: "open",
    fields: {},
    author: { id: "customer", association: "NONE" },
    assignees: [],
    createdAt,
    comments: responded ? [{ id: "c1", author: actor, body: "Looking into it.", createdAt: createdAt + (c.response as number) * MINUTE, public: true }] : [],
    history: events,
  };
}

/** What counting minute by minute gives: the business ms counted and the due instant. */
function reference(c: Case, clock: "first-response" | "resolution"): { elapsed: number; dueAt: number | undefined } {
  const rule = RULES.sla.clocks.find((r) => r.name === clock);
  if (!rule) throw new Error(`no ${clock} clock`);
  const escalated = c.escalated !== undefined && c.escalated < c.now;
  const level = escalated ? "P0" : "P2";
  const target = rule.targets.get(level);
  const current = rule.calendars.get(level) as Calendar;
  if (!target) throw new Error(`no ${level} target`);
  const targetMs = target.ms + target.businessDays * current.dayMs;
  const calendarAt = (m: number): Calendar => (escalated && m >= (c.escalated as number) ? current : (rule.calendars.get("P2") as Calendar));
  const pausedAt = (m: number): boolean => clock === "resolution" && c.toggles.filter((t) => t <= m && t < c.now).length % 2 === 1;
  const stop = clock === "first-response" && c.response !== undefined && c.response < c.now ? c.response : c.now;
  const createdAt = BASE + c.created * MINUTE;
  let elapsed = 0;
  let sum = 0;
  let dueAt: number | undefined;
  for (let m = 0; dueAt === undefined && m < c.now + 30 * 1440; m++) {
    const t = createdAt + m * MINUTE;
    const past = m < c.now;
    if (!past && pausedAt(c.now - 1)) break;
    const counts = (!past || !pausedAt(m)) && (past ? calendarAt(m) : current).isOpen(t);
    if (!counts) continue;
    if (m < stop) elapsed += MINUTE;
    sum += MINUTE;
    if (sum >= targetMs) dueAt = t + MINUTE;
  }
  for (let m = 0; m < stop; m++) {
    // Minutes counted after the due instant was found.
    const t = createdAt + m * MINUTE;
    if (dueAt !== undefined && t >= dueAt && !pausedAt(m) && calendarAt(m).isOpen(t)) elapsed += MINUTE;
  }
  return { elapsed, dueAt };
}

describe("clock counting", () => {
  it("counts and finds the due instant as counting minute by minute does", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const plan = evaluate(issueOf(c), RULES, BASE + (c.created + c.now) * MINUTE);
        for (const clock of ["first-response", "resolution"] as const) {
          const report = plan.clocks.find((r) => r.clock === clock);
          const want = reference(c, clock);
          expect({ clock, elapsed: report?.elapsedMs, dueAt: report?.dueAt }).toEqual({ clock, elapsed: want.elapsed, dueAt: want.dueAt });
        }
      }),
      { numRuns: 300 },
    );
  });
});
