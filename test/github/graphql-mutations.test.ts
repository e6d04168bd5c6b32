import { schema as octokitSchema } from "@octokit/graphql-schema";
import { buildClientSchema, buildSchema, type GraphQLSchema, type IntrospectionQuery, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { buildApplyMutation, buildCreateLabelsMutation, buildWriteIdsQuery, type MutationStep } from "../../src/github/graphql-queries.ts";

const schemas: GraphQLSchema[] = [
  buildClientSchema(octokitSchema.json as unknown as IntrospectionQuery),
  buildSchema(octokitSchema.idl, { assumeValidSDL: true }),
];
const problems = (query: string) => schemas.flatMap((schema) => validate(schema, parse(query)).map((e) => e.message));

describe("the write batch's GraphQL is valid against @octokit/graphql-schema", () => {
  const every: MutationStep[] = [
    { kind: "remove-labels", labelIds: ["L_1"] },
    { kind: "add-labels", labelIds: ["L_2", "L_3"] },
    { kind: "add-assignees", userIds: ["U_1"] },
    { kind: "close", reason: "NOT_PLANNED" },
    { kind: "reopen" },
  ];

  it("one request with every kind of step, in order", () => {
    const { query, variables } = buildApplyMutation(every);
    expect(problems(query)).toEqual([]);
    expect([...query.matchAll(/m\d+: (\w+)/g)].map((m) => m[1])).toEqual([
      "removeLabelsFromLabelable",
      "addLabelsToLabelable",
      "addAssigneesToAssignable",
      "closeIssue",
      "reopenIssue",
    ]);
    expect(variables).toEqual({ ids0: ["L_1"], ids1: ["L_2", "L_3"], ids2: ["U_1"], reason3: "NOT_PLANNED" });
  });

  it.each([
    ["everything", { issue: 12, labelsAfter: null, labels: ["a", "b"], users: ["x", "y"] }],
    ["labels by name only", { labels: ["needs-info"] }],
    ["nothing but the repository id", {}],
  ] as const)("the ids read: %s", (_name, request) => {
    expect(problems(buildWriteIdsQuery(request).query)).toEqual([]);
  });

  it("creating labels", () => {
    expect(problems(buildCreateLabelsMutation("R_1", ["a", "b"]).query)).toEqual([]);
  });

  it("a mutation the schema does not have is caught (the check is real)", () => {
    expect(problems(buildApplyMutation(every).query.replace("reopenIssue", "reopenIssueNow"))).not.toEqual([]);
  });
});
