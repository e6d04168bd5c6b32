/**
 * The Jira side of the webhook benchmark, in a process of its own (as a real Jira is remote):
 * the fake Jira of the tests, without response checking (speed), seeded with support issues as
 * a busy queue has them — answered and fully described, except every tenth, which lacks its
 * intake fields and so gets a label and a notice the first time it is processed.
 * Prints `{"url": …, "pid": …}` on one line once listening; stops on SIGTERM.
 */
import { startFakeJira } from "../test/fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../test/fakes/jira/seed.ts";

const count = Number(process.argv[2] ?? 500);
const now = Date.now();
const issues = Array.from({ length: count }, (_, index) =>
  supportIssue({
    key: `SUP-${index + 1}`,
    id: String(20_000 + index),
    created: now - 60_000,
    summary: "Invoice PDF shows the wrong VAT rate",
    description: "The invoice PDF shows 19% VAT instead of 7% for reduced-rate items.",
    labels: ["category/software"],
    comments: [{ id: String(50_000 + index), author: USERS.agent, text: "Looking into it.", at: now - 30_000 }],
    ...(index % 10 === 9 ? { extraFields: {} } : {}),
  }),
);
const fake = await startFakeJira({ issues, checkResponses: false });
process.stdout.write(`${JSON.stringify({ url: fake.url, pid: process.pid })}\n`);
process.once("SIGTERM", () => {
  void fake.close().then(() => process.exit(0));
});
