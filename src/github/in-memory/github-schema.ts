/**
 * GitHub's GraphQL schema (`@octokit/graphql-schema`, the public schema's introspection) as
 * graphql-js builds it: loaded and built on first use, once per process. Both are slow (the
 * introspection is megabytes of JSON; building it takes a few hundred milliseconds), and most
 * runs of the tool never answer a GraphQL request in memory, so nothing is loaded at import.
 */
import type { GraphQLSchema, IntrospectionQuery } from "graphql";

let schema: Promise<GraphQLSchema> | undefined;

/** The real GitHub schema, loaded and built once per process. */
export function loadGithubSchema(): Promise<GraphQLSchema> {
  schema ??= Promise.all([import("@octokit/graphql-schema"), import("graphql")]).then(([octokit, { buildClientSchema }]) =>
    buildClientSchema(octokit.schema.json as unknown as IntrospectionQuery),
  );
  return schema;
}
