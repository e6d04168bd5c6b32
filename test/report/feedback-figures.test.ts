/**
 * The review's satisfaction figures come from the surveys the tool asked and the answers the
 * reporter gave, read as evaluation reads them: counted when asked in the period, with the answer
 * as it stood at the period's end.
 */
import { describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import type { Comment } from "../../src/core/model.ts";
import { computeReview } from "../../src/report/compute-review.ts";
import { parsePeriod, type Period } from "../../src/report/period.ts";
import { at, issue, REPORTER } from "./core-issues.ts";

const rules = readRules(new URL("../../rules/example.yml", import.meta.url).pathname).rules;
if (!rules) throw new Error("rules/example.yml does not load");
const march = parsePeriod("2026-03-01", "2026-03-31", "Asia/Shanghai") as Period;

let id = 9000;
const survey = (local: string, reactions: Comment["reactions"] = []): Comment => ({
  id: String(id++),
  author: { id: "github-actions[bot]", association: "NONE", bot: true, self: true },
  body: "Is the problem solved for you?",
  createdAt: at(local),
  public: true,
  key: "feedback/survey/cycle-1",
  keys: ["feedback/survey/cycle-1"],
  reactions,
});
const answer = (local: string, body: string): Comment => ({ id: String(id++), author: REPORTER, body, createdAt: at(local), public: true });

describe("the review's satisfaction figures", () => {
  it("counts the surveys asked in the period and the answers given by its end", () => {
    const issues = [
      // Asked and answered 不满意 in March: negative.
      issue({ id: 1, created: "2026-03-02 10:00", closed: "2026-03-05 10:00", comments: [survey("2026-03-05 10:01"), answer("2026-03-05 11:00", "不满意")] }),
      // Asked in March, answered with a 👍 in March: positive.
      issue({ id: 2, created: "2026-03-02 10:00", closed: "2026-03-06 10:00", comments: [survey("2026-03-06 10:01", [{ content: "+1", by: REPORTER, at: at("2026-03-06 12:00") }])] }),
      // Asked in March, answered only in April: asked, not answered in March.
      issue({ id: 3, created: "2026-03-02 10:00", closed: "2026-03-30 10:00", comments: [survey("2026-03-30 10:01"), answer("2026-04-02 09:00", "satisfied")] }),
      // A "survey" written by someone else carries no trusted key: nothing was asked.
      issue({ id: 4, created: "2026-03-02 10:00", closed: "2026-03-07 10:00", comments: [{ ...survey("2026-03-07 10:01"), author: REPORTER }, answer("2026-03-07 11:00", "5")] }),
    ];
    const review = computeReview({ issues, rules, period: march, now: at("2026-04-10 12:00"), tracker: "test" });
    expect(review.feedback).toMatchObject({ asked: 3, answered: 2, positive: 1, negative: 1, responseRate: 0.6667, positiveShare: 0.5 });
  });
});
