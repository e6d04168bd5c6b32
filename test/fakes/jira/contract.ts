/**
 * A small checker for `../shared/contracts/jira-platform.issues.json` (OpenAPI 3.0): is a request
 * one the real Jira Cloud API accepts — a documented method and path template, known query
 * parameters of the right type, a JSON body that fits the operation's schema (no unknown keys
 * where the schema forbids them, no read-only properties)? Also checks the fake's answers against
 * the documented response schemas, so the fake cannot drift from what Jira sends.
 *
 * Supports exactly the JSON-Schema keywords the contract uses: $ref, type, nullable, enum,
 * properties, required, additionalProperties, items, allOf, readOnly, min/maxLength,
 * min/maxItems, min/maxProperties.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

type Schema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

interface Route {
  template: string;
  method: string;
  pattern: RegExp;
  names: string[];
  /** Literal segments count: a literal path wins over a template at the same depth. */
  literals: number;
  operation: Operation;
}

export interface RequestToCheck {
  method: string;
  /** Path and query, e.g. `/rest/api/3/issue/SUP-1?expand=changelog`. */
  url: string;
  contentType?: string | undefined;
  /** Parsed JSON body, or undefined when there was none. */
  body?: unknown;
  rawBody?: string;
}

export interface Match {
  template: string;
  operationId: string;
  params: Record<string, string>;
}

/** The shared contract beside the repository (`../shared/contracts`), where the project keeps it. */
export const SHARED_CONTRACT_PATHS = [
  fileURLToPath(new URL("../../../../shared/contracts/jira-platform.issues.json", import.meta.url)),
  "/work/shared/contracts/jira-platform.issues.json",
];

/**
 * The operations issue-shepherd calls, and the copy of their part of the contract committed with
 * the tests (so that a clone without `../shared` still checks every request).
 */
export const USED_OPERATIONS = [
  "getCurrentUser",
  "getFields",
  "getStatuses",
  "getIssue",
  "createIssue",
  "editIssue",
  "assignIssue",
  "getChangeLogs",
  "getComments",
  "addComment",
  "updateComment",
  "deleteComment",
  "getTransitions",
  "doTransition",
  "getIssueProperty",
  "setIssueProperty",
  "bulkSetIssueProperty",
  "searchAndReconsileIssuesUsingJql",
  "searchAndReconsileIssuesUsingJqlPost",
];
export const VENDORED_CONTRACT_PATH = fileURLToPath(new URL("./jira-platform.used.json", import.meta.url));

/** The shared contract when it is there, else the committed extract of it. */
export function contractPath(): string {
  return SHARED_CONTRACT_PATHS.find((path) => existsSync(path)) ?? VENDORED_CONTRACT_PATH;
}

/** The part of a contract that the given operations use: their paths and every schema they reference. */
export function extractOperations(document: Record<string, unknown>, operationIds: readonly string[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const wanted = new Set(operationIds);
  for (const [template, item] of Object.entries(isRecord(document.paths) ? document.paths : {})) {
    if (!isRecord(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (isRecord(operation) && typeof operation.operationId === "string" && wanted.has(operation.operationId)) {
        paths[template] = { ...paths[template], [method]: operation };
      }
    }
  }
  const all = isRecord(document.components) && isRecord(document.components.schemas) ? document.components.schemas : {};
  const schemas: Record<string, unknown> = {};
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key === "$ref" && typeof child === "string" && child.startsWith("#/components/schemas/")) {
          const name = child.slice("#/components/schemas/".length);
          if (!(name in schemas) && name in all) {
            schemas[name] = all[name];
            visit(all[name]);
          }
        } else visit(child);
      }
    }
  };
  visit(paths);
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map((name) => [name, schemas[name]]));
  return { openapi: document.openapi, info: document.info, servers: document.servers, paths, components: { schemas: sorted } };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export class Contract {
  readonly #document: Record<string, unknown>;
  readonly #routes: Route[] = [];

  constructor(document: Record<string, unknown>) {
    this.#document = document;
    const paths = isRecord(document.paths) ? document.paths : {};
    for (const [template, item] of Object.entries(paths)) {
      if (!isRecord(item)) continue;
      const names: string[] = [];
      const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{([^}]+)\\?\}/g, (_all, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
      const literals = template.split("/").filter((segment) => segment !== "" && !segment.startsWith("{")).length;
      for (const [method, operation] of Object.entries(item)) {
        if (method === "parameters" || !isRecord(operation)) continue;
        this.#routes.push({ template, method: method.toUpperCase(), pattern: new RegExp(`^${source}$`), names, literals, operation });
      }
    }
    this.#routes.sort((a, b) => b.literals - a.literals);
  }

  static load(path = contractPath()): Contract {
    return new Contract(JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>);
  }

  #route(method: string, pathname: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.#routes) {
      if (route.method !== method.toUpperCase()) continue;
      const match = route.pattern.exec(pathname);
      if (match === null) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(match[index + 1] ?? "");
      });
      return { route, params };
    }
    return undefined;
  }

  /** Which documented operation a request is, if any. */
  match(method: string, pathname: string): Match | undefined {
    const found = this.#route(method, pathname);
    if (found === undefined) return undefined;
    return { template: found.route.template, operationId: found.route.operation.operationId ?? "?", params: found.params };
  }

  /** Every way the request departs from the contract; empty when it conforms. */
  checkRequest(request: RequestToCheck): string[] {
    const url = new URL(request.url, "http://contract.invalid");
    const found = this.#route(request.method, url.pathname);
    const where = `${request.method} ${url.pathname}`;
    if (found === undefined) return [`${where}: no such operation in the contract`];
    const { route } = found;
    const problems: string[] = [];
    const parameters = route.operation.parameters ?? [];
    const query = parameters.filter((parameter) => parameter.in === "query");
    for (const name of new Set(url.searchParams.keys())) {
      const parameter = query.find((candidate) => candidate.name === name);
      if (parameter === undefined) {
        problems.push(`${where}: unknown query parameter "${name}"`);
        continue;
      }
      const values = url.searchParams.getAll(name);
      const schema = this.#resolve(parameter.schema ?? {});
      if (values.length > 1 && schema.type !== "array") problems.push(`${where}: query parameter "${name}" given ${values.length} times`);
      for (const value of values) problems.push(...this.#checkQueryValue(`${where}?${name}`, value, schema));
    }
    for (const parameter of query) {
      if (parameter.required === true && !url.searchParams.has(parameter.name)) {
        problems.push(`${where}: required query parameter "${parameter.name}" missing`);
      }
    }
    const content = route.operation.requestBody?.content;
    if (request.body === undefined) {
      if (route.operation.requestBody?.required === true) problems.push(`${where}: request body required`);
    } else if (content === undefined) {
      problems.push(`${where}: this operation takes no request body`);
    } else if (content["application/json"] === undefined) {
      problems.push(`${where}: this operation takes no JSON body`);
    } else {
      if (!(request.contentType ?? "").startsWith("application/json")) problems.push(`${where}: body sent as ${request.contentType ?? "no content type"}, not application/json`);
      problems.push(...this.checkValue(content["application/json"].schema ?? {}, request.body, `${where} body`, "request"));
    }
    return problems;
  }

  /** Check an answer of the fake against the documented response schema for that status. */
  checkResponse(method: string, pathname: string, status: number, body: unknown): string[] {
    const found = this.#route(method, pathname);
    if (found === undefined) return [];
    const responses = found.route.operation.responses ?? {};
    const response = responses[String(status)];
    const where = `${method} ${pathname} → ${status}`;
    if (response === undefined) return [`${where}: status not documented (${Object.keys(responses).join(", ")})`];
    const schema = response.content?.["application/json"]?.schema;
    if (schema === undefined || body === undefined) return [];
    return this.checkValue(schema, body, `${where} body`, "response");
  }

  #checkQueryValue(where: string, value: string, schema: Schema): string[] {
    const type = schema.type === "array" ? this.#resolve(isRecord(schema.items) ? schema.items : {}).type : schema.type;
    if (type === "integer" && !/^-?\d+$/.test(value)) return [`${where}: expected an integer, found "${value}"`];
    if (type === "boolean" && value !== "true" && value !== "false") return [`${where}: expected true or false, found "${value}"`];
    const options = schema.type === "array" && isRecord(schema.items) ? this.#resolve(schema.items).enum : schema.enum;
    if (Array.isArray(options) && !options.includes(value)) return [`${where}: "${value}" is not one of ${options.join(", ")}`];
    return [];
  }

  #resolve(schema: Schema): Schema {
    let current = schema;
    for (let depth = 0; typeof current.$ref === "string" && depth < 20; depth++) {
      const path = current.$ref.replace(/^#\//, "").split("/");
      let target: unknown = this.#document;
      for (const segment of path) target = isRecord(target) ? target[segment] : undefined;
      if (!isRecord(target)) throw new Error(`unresolvable $ref ${current.$ref}`);
      current = target;
    }
    return current;
  }

  /** Validate a JSON value against a schema of the contract. */
  checkValue(schemaIn: Schema, value: unknown, path: string, direction: "request" | "response"): string[] {
    const schema = this.#resolve(schemaIn);
    const problems: string[] = [];
    if (Array.isArray(schema.allOf)) {
      for (const part of schema.allOf) if (isRecord(part)) problems.push(...this.checkValue(part, value, path, direction));
    }
    // Atlassian's description marks almost nothing nullable, yet Jira answers null for absent values
    // (changelog `from`, an unset assignee): null is accepted in answers, checked in requests.
    if (value === null) {
      return schema.nullable === true || schema.type === undefined || direction === "response" ? problems : [...problems, `${path}: null is not allowed`];
    }
    const type = schema.type;
    const actual = Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
    if (typeof type === "string" && type !== actual && !(type === "number" && actual === "integer")) {
      return [...problems, `${path}: expected ${type}, found ${actual}`];
    }
    if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${schema.enum.join(", ")}`);
    if (typeof value === "string") {
      if (typeof schema.maxLength === "number" && value.length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
      if (typeof schema.minLength === "number" && value.length < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength}`);
    }
    if (Array.isArray(value)) {
      if (typeof schema.maxItems === "number" && value.length > schema.maxItems) problems.push(`${path}: more than ${schema.maxItems} items`);
      if (typeof schema.minItems === "number" && value.length < schema.minItems) problems.push(`${path}: fewer than ${schema.minItems} items`);
      if (isRecord(schema.items)) {
        const items = schema.items;
        value.forEach((item, index) => problems.push(...this.checkValue(items, item, `${path}[${index}]`, direction)));
      }
    }
    if (isRecord(value)) problems.push(...this.#checkObject(schema, value, path, direction));
    return problems;
  }

  #checkObject(schema: Schema, value: Record<string, unknown>, path: string, direction: "request" | "response"): string[] {
    const problems: string[] = [];
    const properties = isRecord(schema.properties) ? schema.properties : {};
    const keys = Object.keys(value);
    if (typeof schema.maxProperties === "number" && keys.length > schema.maxProperties) problems.push(`${path}: more than ${schema.maxProperties} properties`);
    if (typeof schema.minProperties === "number" && keys.length < schema.minProperties) problems.push(`${path}: fewer than ${schema.minProperties} properties`);
    for (const name of Array.isArray(schema.required) ? schema.required : []) {
      if (typeof name === "string" && !(name in value)) problems.push(`${path}: required property "${name}" missing`);
    }
    for (const key of keys) {
      const property = properties[key];
      if (isRecord(property)) {
        const resolved = this.#resolve(property);
        if (direction === "request" && (resolved.readOnly === true || property.readOnly === true)) {
          problems.push(`${path}.${key}: read-only, must not be sent`);
          continue;
        }
        if (direction === "response" && (resolved.writeOnly === true || property.writeOnly === true)) {
          problems.push(`${path}.${key}: write-only, never sent by Jira`);
          continue;
        }
        problems.push(...this.checkValue(property, value[key], `${path}.${key}`, direction));
      } else if (schema.additionalProperties === false) {
        problems.push(`${path}: unknown property "${key}"`);
      } else if (isRecord(schema.additionalProperties)) {
        problems.push(...this.checkValue(schema.additionalProperties, value[key], `${path}.${key}`, direction));
      }
    }
    return problems;
  }
}
