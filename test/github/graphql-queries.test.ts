import { schema as octokitSchema } from "@octokit/graphql-schema";
import { buildClientSchema, buildSchema, type GraphQLSchema, type IntrospectionQuery, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { AUDIT_ISSUES_QUERY, buildAuditQuery, buildMoreQuery, moreVariables } from "../../src/github/graphql-queries.ts";

const schemas: GraphQLSchema[] = [
  buildClientSchema(octokitSchema.json as unknown as IntrospectionQuery),
  // The SDL repeats a few enterprise fields; the duplicates are irrelevant to issue queries.
  buildSchema(octokitSchema.idl, { assumeValidSDL: true }),
];
const problems = (query: string) => schemas.flatMap((schema) => validate(schema, parse(query)).map((e) => e.message));

describe("GraphQL queries are valid against @octokit/graphql-schema", () => {
  it("the audit page query", () => {
    expect(problems(AUDIT_ISSUES_QUERY)).toEqual([]);
  });

  it.each([
    ["one comments follow-up", [{ id: "I_1", what: "comments", after: "c" }]],
    ["one events follow-up", [{ id: "I_1", what: "timelineItems", after: "c" }]],
    [
      "a mixed batch",
      [
        { id: "I_1", what: "comments", after: "a" },
        { id: "I_1", what: "timelineItems", after: "b" },
        { id: "I_2", what: "comments", after: "c" },
      ],
    ],
  ] as const)("the follow-up query: %s", (_name, requests) => {
    expect(problems(buildMoreQuery(requests))).toEqual([]);
    // The same follow-ups riding along with a page request.
    expect(problems(buildAuditQuery(requests))).toEqual([]);
    expect(Object.keys(moreVariables(requests))).toHaveLength(requests.length * 2);
  });

  it("a query the schema does not have is caught (the check is real)", () => {
    expect(problems(AUDIT_ISSUES_QUERY.replace("stateReason", "issueType { name }"))).not.toEqual([]);
  });
});
