/**
 * Checks HTTP requests against the OpenAPI contract of the GitHub REST API that the project may
 * call (`shared/contracts/github-rest.issues.json`): the method and path must be an operation of
 * the contract, every query parameter one it declares (with a value of its type), and the JSON
 * body valid against the operation's request schema. A small JSON-Schema subset is enough for
 * the schemas in the contract: $ref, type, nullable, enum, properties, required,
 * additionalProperties, items, min/maxItems, oneOf/anyOf/allOf.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

type Schema = Record<string, unknown>;

interface Operation {
  method: string;
  template: string;
  segments: string[];
  parameters: Schema[];
  body?: Schema | undefined;
  bodyRequired: boolean;
}

export interface ContractRequest {
  method: string;
  /** Path without the API prefix, e.g. `/repos/o/r/issues/1/labels`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** The contract file, found beside the repository (`../shared/contracts`) or under /work/shared. */
function contractPath(): string {
  const candidates = [
    fileURLToPath(new URL("../../../../shared/contracts/github-rest.issues.json", import.meta.url)),
    "/work/shared/contracts/github-rest.issues.json",
  ];
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  throw new Error(`contract github-rest.issues.json not found in ${candidates.join(" or ")}`);
}

let cached: { document: Schema; operations: Operation[] } | undefined;

function load(): { document: Schema; operations: Operation[] } {
  if (cached !== undefined) return cached;
  const document = JSON.parse(readFileSync(contractPath(), "utf8")) as Schema;
  const operations: Operation[] = [];
  const paths = document.paths as Record<string, Record<string, Schema>>;
  for (const [template, item] of Object.entries(paths)) {
    const shared = (item.parameters as Schema[] | undefined) ?? [];
    for (const [method, operation] of Object.entries(item)) {
      if (method === "parameters") continue;
      const requestBody = operation.requestBody as Schema | undefined;
      const content = requestBody?.content as Record<string, Schema> | undefined;
      operations.push({
        method: method.toUpperCase(),
        template,
        segments: template.split("/").slice(1),
        parameters: [...shared, ...((operation.parameters as Schema[] | undefined) ?? [])],
        body: content?.["application/json"]?.schema as Schema | undefined,
        bodyRequired: requestBody?.required === true,
      });
    }
  }
  cached = { document, operations };
  return cached;
}

function resolve(schema: Schema, document: Schema): Schema {
  let current = schema;
  for (let depth = 0; typeof current.$ref === "string" && depth < 20; depth++) {
    const parts = current.$ref.replace(/^#\//, "").split("/");
    let target: unknown = document;
    for (const part of parts) target = (target as Record<string, unknown>)[part];
    if (target === undefined) throw new Error(`unresolved $ref ${String(current.$ref)}`);
    current = target as Schema;
  }
  return current;
}

const typeOf = (value: unknown): string =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "array"
      : typeof value === "number"
        ? Number.isInteger(value)
          ? "integer"
          : "number"
        : typeof value;

/** Problems of `value` against `schema`, each prefixed with its JSON path. */
export function validateSchema(value: unknown, schema: Schema, document: Schema, at = "body"): string[] {
  const s = resolve(schema, document);
  if (value === null) return s.nullable === true || s.type === "null" || s.type === undefined ? [] : [`${at}: null not allowed`];
  const problems: string[] = [];
  if (Array.isArray(s.allOf)) for (const part of s.allOf as Schema[]) problems.push(...validateSchema(value, part, document, at));
  if (Array.isArray(s.oneOf)) {
    const results = (s.oneOf as Schema[]).map((part) => validateSchema(value, part, document, at));
    const matching = results.filter((r) => r.length === 0).length;
    if (matching === 0) {
      // Say why the closest alternative failed; "matched none" alone helps nobody.
      const closest = [...results].sort((a, b) => a.length - b.length)[0] ?? [];
      problems.push(...closest);
    } else if (matching > 1) problems.push(`${at}: matches ${matching} alternatives of a oneOf`);
  }
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((part) => validateSchema(value, part, document, at).length === 0)) {
    problems.push(`${at}: matches none of the alternatives`);
  }
  const actual = typeOf(value);
  if (typeof s.type === "string") {
    const ok = s.type === actual || (s.type === "number" && actual === "integer");
    if (!ok) return [...problems, `${at}: expected ${s.type}, found ${actual}`];
  }
  if (Array.isArray(s.enum) && !s.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  if (actual === "array") {
    const items = value as unknown[];
    if (typeof s.minItems === "number" && items.length < s.minItems) problems.push(`${at}: fewer than ${s.minItems} items`);
    if (typeof s.maxItems === "number" && items.length > s.maxItems) problems.push(`${at}: more than ${s.maxItems} items`);
    if (s.items !== undefined) items.forEach((item, i) => problems.push(...validateSchema(item, s.items as Schema, document, `${at}[${i}]`)));
  }
  if (actual === "object") {
    const object = value as Record<string, unknown>;
    const properties = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const name of (s.required as string[] | undefined) ?? []) if (!(name in object)) problems.push(`${at}.${name}: required`);
    for (const [name, item] of Object.entries(object)) {
      const property = properties[name];
      if (property !== undefined) problems.push(...validateSchema(item, property, document, `${at}.${name}`));
      else if (s.additionalProperties === false) problems.push(`${at}.${name}: not allowed`);
      else if (typeof s.additionalProperties === "object") {
        problems.push(...validateSchema(item, s.additionalProperties as Schema, document, `${at}.${name}`));
      } else if (s.properties !== undefined && s.additionalProperties === undefined && s.type === "object") {
        // OpenAPI allows unknown keys by default, but a key the API does not document is a bug here.
        problems.push(`${at}.${name}: not in the contract`);
      }
    }
  }
  return problems;
}

function matchTemplate(segments: readonly string[], path: string): Record<string, string> | undefined {
  const parts = path.split("/").slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const part = parts[i] as string;
    if (segment.startsWith("{") && segment.endsWith("}")) {
      if (part === "") return undefined;
      params[segment.slice(1, -1)] = decodeURIComponent(part);
    } else if (segment !== part) return undefined;
  }
  return params;
}

/** The contract operation a request matches, with its path parameters, or undefined. */
export function findOperation(method: string, path: string): { template: string; params: Record<string, string> } | undefined {
  const { operations } = load();
  // Literal segments win over templates (`/issues/comments/{id}` over `/issues/{issue_number}`).
  const matches = operations
    .filter((op) => op.method === method)
    .flatMap((op) => {
      const params = matchTemplate(op.segments, path);
      return params === undefined ? [] : [{ op, params, literal: op.segments.filter((s) => !s.startsWith("{")).length }];
    })
    .sort((a, b) => b.literal - a.literal);
  const best = matches[0];
  return best === undefined ? undefined : { template: best.op.template, params: best.params };
}

/** Every way a request departs from the contract; an empty list means it conforms. */
export function checkContract(request: ContractRequest): string[] {
  const { document, operations } = load();
  const found = findOperation(request.method, request.path);
  if (found === undefined) return [`${request.method} ${request.path}: no such operation in the contract`];
  const op = operations.find((o) => o.method === request.method && o.template === found.template) as Operation;
  const where = `${request.method} ${op.template}`;
  const problems: string[] = [];
  const parameters = op.parameters.map((p) => resolve(p, document));
  for (const parameter of parameters.filter((p) => p.in === "path")) {
    const value = found.params[parameter.name as string];
    const schema = resolve(parameter.schema as Schema, document);
    if (value === undefined) problems.push(`${where}: path parameter ${String(parameter.name)} missing`);
    else if (schema.type === "integer" && !/^\d+$/.test(value)) problems.push(`${where}: path parameter ${String(parameter.name)} not an integer: ${value}`);
  }
  for (const [name, value] of request.query) {
    const parameter = parameters.find((p) => p.in === "query" && p.name === name);
    if (parameter === undefined) {
      problems.push(`${where}: query parameter ${name} not in the contract`);
      continue;
    }
    const schema = resolve(parameter.schema as Schema, document);
    if (schema.type === "integer" && !/^-?\d+$/.test(value)) problems.push(`${where}: query ${name}=${value} is not an integer`);
    if (schema.type === "boolean" && value !== "true" && value !== "false") problems.push(`${where}: query ${name}=${value} is not a boolean`);
    if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${where}: query ${name}=${value} not in ${JSON.stringify(schema.enum)}`);
  }
  for (const parameter of parameters.filter((p) => p.in === "query" && p.required === true)) {
    if (!request.query.has(parameter.name as string)) problems.push(`${where}: required query parameter ${String(parameter.name)} missing`);
  }
  if (request.body !== undefined) {
    if (op.body === undefined) problems.push(`${where}: the contract takes no body`);
    else problems.push(...validateSchema(request.body, op.body, document).map((p) => `${where}: ${p}`));
  } else if (op.bodyRequired) problems.push(`${where}: body required`);
  return problems;
}
