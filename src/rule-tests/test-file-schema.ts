/** The format of rule tests (`*.test.yml`): given an issue and a time, expect operations. */
import { z } from "zod";
import type { OperationModule } from "../core/operations/operation-module.ts";
import { OPERATION_KINDS, OPERATIONS } from "../core/operations/registry.ts";
import type { OperationKind } from "../core/plan.ts";
import { INSTANT_EXAMPLE, parseInstant } from "./parse-instant.ts";

/** A real date and time with a zone: without one, a test would mean different things on different machines. */
const Instant = z.string().refine((s) => parseInstant(s) !== undefined, {
  message: `expected a real date and time with a zone, like ${INSTANT_EXAMPLE}`,
});

const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

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
  keys: z.array(z.string()).optional().meta({ description: "The hidden keys of one of the tool's own comments that is a digest of several notices." }),
  reactions: z
    .array(
      z.strictObject({
        content: z.enum(["+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"]).meta({ description: "The reaction: +1 is 👍, -1 is 👎." }),
        by: PersonSpec,
        at: Instant.optional(),
      }),
    )
    .optional()
    .meta({ description: "Reactions to the comment (e.g. the reporter's 👍 on the feedback survey)." }),
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
  fields: z.record(z.string(), FieldValue).optional(),
  comments: z.array(CommentSpec).optional(),
  history: z.array(HistorySpec).optional(),
});

/** The kinds of operation a plan holds. */
export { OPERATION_KINDS } from "../core/operations/registry.ts";

/** The states a clock can be in (src/core/plan.ts). */
export const CLOCK_STATES = ["running", "paused", "at-risk", "breached", "met", "not-applicable"] as const;


/**
 * An operation as a test expects it: the kind, and any of that kind's fields, which must match.
 * Strict per kind, so that a misspelt kind or field is an error, not an expectation that can
 * never match (which would make `absent:` pass without checking anything). A comment's text may
 * also be expected in part (`body-contains`).
 */
function expected<K extends OperationKind>(module: OperationModule<K>) {
  const fields: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries<z.ZodType | undefined>(module.fields)) if (schema !== undefined) fields[name] = schema.optional();
  if (module.notices !== undefined) fields["body-contains"] = z.string().optional().meta({ description: "The comment's text contains this." });
  return z.strictObject({ kind: z.literal(module.kind), rule: z.string().optional(), reason: z.string().optional(), ...fields });
}

// One strict object per kind; zod takes the options as a non-empty tuple.
const ExpectedOperation = z.discriminatedUnion(
  "kind",
  OPERATION_KINDS.map((kind) => expected(OPERATIONS[kind] as OperationModule<OperationKind>)) as unknown as [ReturnType<typeof expected>, ...ReturnType<typeof expected>[]],
);

/** The fields an expected operation of each kind may name, for messages. */
export function operationFields(kind: string): string[] | undefined {
  const option = ExpectedOperation.options.find((o) => o.shape.kind.value === kind);
  return option === undefined ? undefined : Object.keys(option.shape);
}

/** A solved case the tracker's search found for the report (what the intake may offer). */
const SimilarCaseSpec = z.strictObject({
  id: z.string().meta({ description: "The case's issue: OWNER/REPO#12 or PROJ-12." }),
  title: z.string(),
  url: z.string().optional().meta({ description: "Its web address, for the link." }),
  "root-cause": z.string(),
  solution: z.string(),
});

export const TestCase = z.strictObject({
  name: z.string(),
  now: Instant.optional(),
  issue: IssueSpec,
  "similar-cases": z
    .array(SimilarCaseSpec)
    .optional()
    .meta({ description: "Solved cases found for this report, best first, as the tracker's search and the ranking would give them: the intake lists them while the report needs triage." }),
  expect: z.strictObject({
    priority: z.string().optional(),
    category: z.string().optional(),
    clocks: z.record(z.string(), z.enum(CLOCK_STATES)).optional().meta({ description: "Clock name → state; not-applicable also when the priority has no target." }),
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
