/** The format of rule tests (`*.test.yml`): given an issue and a time, expect operations. */
import { z } from "zod";

const Instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: "expected an ISO 8601 date and time like 2026-03-11T10:00:00+08:00" });

const PersonSpec = z.union([
  z.string(),
  z.strictObject({
    id: z.string(),
    association: z.string().optional(),
    groups: z.array(z.string()).optional(),
    bot: z.boolean().optional(),
  }),
]);

const CommentSpec = z.strictObject({
  author: PersonSpec,
  team: z.boolean().optional().meta({ description: "Shorthand for association MEMBER." }),
  at: Instant,
  body: z.string(),
  internal: z.boolean().optional(),
  key: z.string().optional().meta({ description: "The hidden key of one of the tool's own comments." }),
});

const HistorySpec = z.strictObject({
  at: Instant,
  by: PersonSpec.optional(),
  labeled: z.string().optional(),
  unlabeled: z.string().optional(),
  closed: z.enum(["completed", "not_planned", "duplicate"]).optional(),
  reopened: z.literal(true).optional(),
  assigned: z.string().optional(),
  unassigned: z.string().optional(),
  status: z.string().optional(),
  priority: z.string().optional(),
});

export const IssueSpec = z.strictObject({
  tracker: z.enum(["github", "jira"]).optional(),
  id: z.string().optional(),
  title: z.string(),
  body: z.string().optional(),
  labels: z.array(z.string()).optional(),
  author: PersonSpec.optional(),
  created: Instant,
  state: z.enum(["open", "closed"]).optional(),
  "close-reason": z.enum(["completed", "not_planned", "duplicate"]).optional(),
  closed: Instant.optional(),
  assignees: z.array(z.string()).optional(),
  type: z.string().optional(),
  status: z.string().optional(),
  priority: z.string().optional().meta({ description: "The tracker's own priority value (Jira priority name)." }),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])).optional(),
  comments: z.array(CommentSpec).optional(),
  history: z.array(HistorySpec).optional(),
});

const ExpectedOperation = z.looseObject({ kind: z.string(), "body-contains": z.string().optional() });

export const TestCase = z.strictObject({
  name: z.string(),
  now: Instant.optional(),
  issue: IssueSpec,
  expect: z.strictObject({
    priority: z.string().optional(),
    category: z.string().optional(),
    clocks: z.record(z.string(), z.string()).optional(),
    operations: z.array(ExpectedOperation).optional(),
    absent: z.array(ExpectedOperation).optional(),
    only: z.boolean().optional().meta({ description: "The listed operations are all there may be." }),
  }),
});

export const TestFile = z.strictObject({
  rules: z.string().meta({ description: "Preset name or rule file path (relative to this file) under test." }),
  now: Instant.optional(),
  cases: z.array(TestCase).min(1),
});

export type IssueSpecInput = z.output<typeof IssueSpec>;
export type TestCaseInput = z.output<typeof TestCase>;
export type TestFileInput = z.output<typeof TestFile>;
