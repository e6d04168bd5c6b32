/**
 * The reply parser of the satisfaction survey: what a reporter's reply says, as a table of real
 * and tricky replies — quotes of the survey, double negatives, numbers inside sentences, the
 * options pasted back — and a linear-time check on hostile text.
 */
import { describe, expect, it } from "vitest";
import { parseFeedbackReply, replyVerdict, type FeedbackReply } from "../../../src/core/feedback/parse-feedback-reply.ts";

const CASES: [string, FeedbackReply | undefined][] = [
  ["5", { score: 5 }],
  ["1", { score: 1 }],
  ["4/5", { score: 4 }],
  ["3 stars!", { score: 3 }],
  ["评分：2分", { score: 2 }],
  ["Rating: 4", { score: 4 }],
  ["6", undefined],
  ["0", undefined],
  ["I waited 3 days for this", undefined],
  ["It took 2 hours but works now, thanks", undefined],
  ["satisfied", { satisfaction: "positive" }],
  ["Satisfied.", { satisfaction: "positive" }],
  ["not satisfied", { satisfaction: "negative" }],
  ["I am not really satisfied with the fix", { satisfaction: "negative" }],
  ["I wouldn't say satisfied", { satisfaction: "negative" }],
  ["unsatisfied", { satisfaction: "negative" }],
  ["Dissatisfied, it took a week", { satisfaction: "negative" }],
  ["not unsatisfied", { satisfaction: "neutral" }],
  ["satisfied / not satisfied", undefined],
  ["> Reply satisfied or not satisfied\n\nsatisfied, thanks", { satisfaction: "positive" }],
  ["> Is the problem solved for you?\n> Reply `not solved` to reopen", undefined],
  ["```\nnot satisfied\n```\nall good: satisfied", { satisfaction: "positive" }],
  ["solved", { solved: true }],
  ["Not solved, the export is still empty", { solved: false }],
  ["it isn't resolved yet", { solved: false }],
  ["still unsolved", { solved: false }],
  ["not unsolved", undefined],
  ["满意", { satisfaction: "positive" }],
  ["非常满意！", { satisfaction: "positive" }],
  ["不满意", { satisfaction: "negative" }],
  ["不太满意，等了太久", { satisfaction: "negative" }],
  ["我没有不满意", { satisfaction: "neutral" }],
  ["不错，满意", { satisfaction: "positive" }],
  ["一般", { satisfaction: "neutral" }],
  ["一般般。", { satisfaction: "neutral" }],
  ["一般来说我们周一部署", undefined],
  ["已解决", { solved: true }],
  ["问题解决了，谢谢", { solved: true }],
  ["未解决", { solved: false }],
  ["还是没解决", { solved: false }],
  ["这个问题解决不了吗", { solved: false }],
  ["如何解决这个问题？", undefined],
  ["满意 / 一般 / 不满意", undefined],
  ["> 请回复 满意 / 一般 / 不满意\n\n不满意", { satisfaction: "negative" }],
  ["5\nsolved, satisfied", { score: 5, solved: true, satisfaction: "positive" }],
  ["<!-- satisfied -->not satisfied", { satisfaction: "negative" }],
  ["", undefined],
  ["thanks!", undefined],
];

describe("parseFeedbackReply", () => {
  it.each(CASES)("%j", (text, expected) => {
    expect(parseFeedbackReply(text)).toEqual(expected);
  });

  it("gives the verdict the follow-up acts on: not solved and low scores are negative, 3 and 一般 neutral", () => {
    const verdict = (text: string) => {
      const reply = parseFeedbackReply(text);
      return reply === undefined ? undefined : replyVerdict(reply);
    };
    expect([verdict("5"), verdict("4"), verdict("3"), verdict("2"), verdict("1")]).toEqual(["positive", "positive", "neutral", "negative", "negative"]);
    expect(verdict("satisfied but not solved")).toBe("negative");
    expect(verdict("2\nsatisfied")).toBe("positive");
    expect(verdict("已解决")).toBe("positive");
    expect(verdict("一般")).toBe("neutral");
    expect(verdict("未解决")).toBe("negative");
  });

  it("is linear in the length of hostile text", () => {
    // Hostile replies of n repetitions; ten times longer must cost about ten times as long (a
    // quadratic scan would cost a hundred). The best of three runs, so a busy machine does not decide.
    const hostile: ((n: number) => string)[] = [
      (n) => `${"not ".repeat(n)}satisfied`,
      (n) => `${"不".repeat(2 * n)}满意`,
      (n) => "解决".repeat(n),
      (n) => `${"> ".repeat(n)}\n${"5/".repeat(n)}`,
      (n) => "```\n".repeat(Math.round(n / 2.5)),
    ];
    const best = (text: string): number => {
      let fastest = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        parseFeedbackReply(text);
        fastest = Math.min(fastest, performance.now() - started);
      }
      return fastest;
    };
    for (const make of hostile) {
      const short = best(make(5_000));
      const long = best(make(50_000));
      expect(long).toBeLessThan(Math.max(short, 1) * 40);
    }
  });
});
