/**
 * GitHub's GraphQL schema (`@octokit/graphql-schema`, the public schema's introspection) as
 * graphql-js builds it: built on first use, once per process, since building it takes a while and
 * most runs never need it.
 */
import { schema as octokitSchema } from "@octokit/graphql-schema";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

let schema: GraphQLSchema | undefined;

/** The real GitHub schema, built once per process. */
export function githubSchema(): GraphQLSchema {
  schema ??= buildClientSchema(octokitSchema.json as unknown as IntrospectionQuery);
  return schema;
}
