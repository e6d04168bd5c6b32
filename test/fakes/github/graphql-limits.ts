/**
 * GitHub's GraphQL resource limits, computed for the fake as GitHub documents them
 * (docs.github.com › GraphQL › Rate limits and query limits):
 *
 * - every connection needs `first` or `last`, between 1 and 100;
 * - the nodes a query may return: for each connection, the product of `first`/`last` of it and
 *   of every connection above it, summed over the query; at most 500,000;
 * - the rate-limit cost: each connection needs as many requests as there are parent nodes (the
 *   product of the limits above it); the sum divided by 100, rounded, at least 1.
 *
 * Fields under `@include(if: false)` / `@skip(if: true)` are counted anyway, so the fake is at
 * least as strict as GitHub.
 */
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLCompositeType,
  type GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationTypeNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from "graphql";

export const MAX_NODES = 500_000;
export const MAX_PAGE = 100;

export interface QueryLimits {
  /** Nodes the query may return at most. */
  nodes: number;
  /** Rate-limit points it costs. */
  cost: number;
  /** Limits it breaks, in GitHub's words; empty when GitHub would run it. */
  problems: string[];
}

/** The limits of the operation in `document` (the named one, or the only one). */
export function queryLimits(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): QueryLimits {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations.find((o) => operationName === undefined || o.name?.value === operationName) ?? operations[0];
  const problems: string[] = [];
  let nodes = 0;
  let requests = 0;
  const value = (node: ValueNode | undefined): unknown => (node === undefined ? undefined : valueFromASTUntyped(node, variables));

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, multiplier: number, seen: readonly string[]): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition === undefined ? parent : schema.getType(selection.typeCondition.name.value);
        if (type !== undefined && type !== null) walk(selection.selectionSet, type as GraphQLCompositeType, multiplier, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        const type = fragment === undefined ? undefined : schema.getType(fragment.typeCondition.name.value);
        if (fragment !== undefined && type !== undefined && type !== null && !seen.includes(name)) walk(fragment.selectionSet, type as GraphQLCompositeType, multiplier, [...seen, name]);
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith("__") || !(isObjectType(parent) || isInterfaceType(parent))) continue;
      const field = parent.getFields()[name];
      if (field === undefined) continue;
      const type = getNamedType(field.type);
      let below = multiplier;
      const paged = field.args.some((a) => a.name === "first") && field.args.some((a) => a.name === "last") && type.name.endsWith("Connection");
      if (paged) {
        const args = new Map(selection.arguments?.map((a) => [a.name.value, value(a.value)]));
        const first = args.get("first");
        const last = args.get("last");
        const limit = typeof first === "number" ? first : typeof last === "number" ? last : undefined;
        if (limit === undefined) problems.push(`You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`);
        else if (limit < 1 || limit > MAX_PAGE)
          problems.push(`Requesting ${limit} records on the \`${name}\` connection exceeds the \`${typeof first === "number" ? "first" : "last"}\` limit of ${MAX_PAGE} records.`);
        const size = Math.min(Math.max(limit ?? MAX_PAGE, 1), MAX_PAGE);
        requests += multiplier;
        below = multiplier * size;
        nodes += below;
        if (nodes > MAX_NODES && !problems.some((p) => p.includes("possible nodes")))
          problems.push(`By the time this query traverses to the ${name} connection, it is requesting up to ${nodes.toLocaleString("en-US")} possible nodes which exceeds the maximum limit of ${MAX_NODES.toLocaleString("en-US")}.`);
      }
      if (selection.selectionSet !== undefined && isCompositeType(type)) walk(selection.selectionSet, type, below, seen);
    }
  };

  const root = operation?.operation === OperationTypeNode.MUTATION ? schema.getMutationType() : schema.getQueryType();
  if (operation !== undefined && root !== null && root !== undefined) walk(operation.selectionSet, root, 1, []);
  return { nodes, cost: Math.max(1, Math.round(requests / 100)), problems };
}
