/**
 * GraphQL documents as the in-memory GitHub runs them: parsed and validated against GitHub's
 * schema once per query text, then only executed. The adapter sends a handful of distinct
 * documents (with different variables), so a whole audit parses and validates each once instead
 * of once per request — which was most of the time an in-memory request took. A document the
 * schema refuses keeps its errors, answered again as they were the first time.
 */
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema } from "graphql";

/** A query text parsed and validated: a document to execute, or the errors that refused it. */
export type PreparedDocument = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/** More distinct texts than this (a client building queries per request) start the cache afresh. */
const MAX_DOCUMENTS = 256;

type GraphqlModule = typeof import("graphql");

/** The documents of one schema, prepared on first sight of their text. */
export class GraphqlDocuments {
  private readonly prepared = new Map<string, PreparedDocument>();
  private readonly graphql: GraphqlModule;
  private readonly schema: GraphQLSchema;

  constructor(graphql: GraphqlModule, schema: GraphQLSchema) {
    this.graphql = graphql;
    this.schema = schema;
  }

  /** The text parsed and validated, from the cache when it was seen before. */
  prepare(source: string): PreparedDocument {
    const known = this.prepared.get(source);
    if (known !== undefined) return known;
    const prepared = this.parseAndValidate(source);
    if (this.prepared.size >= MAX_DOCUMENTS) this.prepared.clear();
    this.prepared.set(source, prepared);
    return prepared;
  }

  /**
   * Run the text as `graphql()` does (a syntax or validation error is an answer with `errors` and
   * no `data`), over a document prepared once.
   */
  async run(source: string, rootValue: object, variableValues: Record<string, unknown> | null, operationName: string | null): Promise<ExecutionResult> {
    const prepared = this.prepare(source);
    if (prepared.errors !== undefined) return { errors: prepared.errors };
    return await this.graphql.execute({ schema: this.schema, document: prepared.document, rootValue, variableValues, operationName });
  }

  private parseAndValidate(source: string): PreparedDocument {
    let document: DocumentNode;
    try {
      document = this.graphql.parse(source);
    } catch (error) {
      if (error instanceof this.graphql.GraphQLError) return { errors: [error] };
      throw error;
    }
    const errors = this.graphql.validate(this.schema, document);
    return errors.length > 0 ? { errors } : { document };
  }
}
