/**
 * The in-memory GitHub's GraphQL documents: a query text is parsed and validated once and then
 * only executed, with answers equal to graphql-js's own for valid, invalid and unparsable texts.
 */
import * as graphqlModule from "graphql";
import { describe, expect, it } from "vitest";
import { loadGithubSchema } from "../../src/github/in-memory/github-schema.ts";
import { GraphqlDocuments } from "../../src/github/in-memory/graphql-documents.ts";

const root = { viewer: () => ({ login: "shepherd-bot" }) };

describe("GraphQL documents prepared once", () => {
  it("answers as graphql() does, and prepares each text once", async () => {
    const schema = await loadGithubSchema();
    const documents = new GraphqlDocuments(graphqlModule, schema);
    const texts = [
      "query Me { viewer { login } }",
      "query Me { viewer { nope } }",
      "query Me { viewer { login }",
      "query A { viewer { login } } query B { viewer { login } }",
    ];
    for (const source of texts) {
      for (const operationName of [null, "B"]) {
        const expected = JSON.stringify(await graphqlModule.graphql({ schema, source, rootValue: root, operationName }));
        expect(JSON.stringify(await documents.run(source, root, null, operationName))).toBe(expected);
        // Again, from the cache.
        expect(JSON.stringify(await documents.run(source, root, null, operationName))).toBe(expected);
      }
      expect(documents.prepare(source)).toBe(documents.prepare(source));
    }
    expect(documents.prepare("query Me { viewer { nope } }").errors?.[0]?.message).toMatch(/Cannot query field "nope"/);
    expect(documents.prepare("{").errors?.[0]?.message).toMatch(/Syntax Error/);
  });
});
