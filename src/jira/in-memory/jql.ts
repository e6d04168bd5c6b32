/**
 * JQL for the in-memory Jira: the query is parsed once (clauses `field operator value` joined by
 * AND and OR, NOT, parentheses, lists, functions, ORDER BY) into a predicate over stored issues
 * and a sort order. The fields are the ones support queries use — project, key, status,
 * statusCategory, resolution, resolved, created, updated, labels, priority, assignee, reporter,
 * type, component, summary, text (summary, description, environment, comments and text custom
 * fields, as Jira's `text` covers) — and the site's custom fields by name or `cf[id]`. A query
 * Jira would refuse is a 400 in Jira's wording, with its position `(line L, character C)`.
 */
import { flattenJiraValue } from "../to-core-issue.ts";
import { JiraError } from "./jira-error.ts";
import { isRecord } from "../../core/json-checks.ts";
import type { JiraSite } from "./site.ts";
import type { JiraSnapshotIssue } from "./snapshot-types.ts";

interface Token {
  text: string;
  at: number;
  quoted: boolean;
}

interface Operand {
  text: string;
  quoted: boolean;
  /** A function call: `now()`, `startOfDay(-1d)`, `currentUser()`. */
  call?: { name: string; args: string[] };
}

type Node =
  | { kind: "and" | "or"; parts: Node[] }
  | { kind: "not"; part: Node }
  | { kind: "clause"; field: string; operator: string; operands: Operand[]; list: boolean };

export interface JqlContext {
  site: JiraSite;
  /** The calling account (`currentUser()`). */
  me: string;
  now: () => number;
}

export interface CompiledJql {
  matches(entry: JiraSnapshotIssue): boolean;
  /** `ORDER BY` terms in order; empty when the query has none. */
  order: { field: string; descending: boolean }[];
  /** The sort value of an issue for one order term. */
  sortValue(entry: JiraSnapshotIssue, field: string): string | number;
}

const OPERATORS = ["!=", ">=", "<=", "!~", "=", ">", "<", "~"];
const WORD_OPERATORS = ["not in", "is not", "in", "is", "was not in", "was not", "was in", "was", "changed"];
const SYSTEM = new Set(["project", "statuscategory", "status", "resolved", "resolutiondate", "resolution", "created", "createddate", "updated", "updateddate", "labels", "key", "issuekey", "id", "priority", "assignee", "reporter", "creator", "text", "summary", "description", "type", "issuetype", "component", "environment"]);
const DATE_FIELDS: Record<string, string> = { created: "created", createddate: "created", updated: "updated", updateddate: "updated", resolved: "resolutiondate", resolutiondate: "resolutiondate" };

function tokenize(jql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const char = jql[i] ?? "";
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    if (char === '"' || char === "'") {
      let end = i + 1;
      let text = "";
      while (end < jql.length && jql[end] !== char) {
        if (jql[end] === "\\" && end + 1 < jql.length) end++;
        text += jql[end] ?? "";
        end++;
      }
      if (end >= jql.length) throw new JiraError(400, [`Error in the JQL Query: The quoted string '${jql.slice(i + 1)}' has not been completed. ${position(jql, i)}`]);
      out.push({ text, at: i, quoted: true });
      i = end + 1;
      continue;
    }
    const operator = OPERATORS.find((op) => jql.startsWith(op, i));
    if (operator !== undefined) {
      out.push({ text: operator, at: i, quoted: false });
      i += operator.length;
      continue;
    }
    if ("(),".includes(char)) {
      out.push({ text: char, at: i, quoted: false });
      i++;
      continue;
    }
    let end = i;
    while (end < jql.length && !/[\s"'(),!=<>~]/.test(jql[end] ?? "")) end++;
    out.push({ text: jql.slice(i, end), at: i, quoted: false });
    i = end;
  }
  return out;
}

function position(jql: string, at: number): string {
  const before = jql.slice(0, at);
  return `(line ${before.split("\n").length}, character ${at - before.lastIndexOf("\n")})`;
}

/** Parse the query; throws Jira's 400 for one it would refuse. */
function parse(jql: string, knownField: (name: string) => boolean): { where: Node | undefined; order: { field: string; descending: boolean }[] } {
  const tokens = tokenize(jql);
  let index = 0;
  const peek = (offset = 0): Token | undefined => tokens[index + offset];
  const word = (token: Token | undefined, text: string): boolean => token !== undefined && !token.quoted && token.text.toLowerCase() === text;
  const refuse = (expected: string): never => {
    const token = peek();
    throw new JiraError(400, [
      token === undefined ? `Error in the JQL Query: Expecting ${expected} before the end of the query.` : `Error in the JQL Query: Expecting ${expected} but got '${token.text}'. ${position(jql, token.at)}`,
    ]);
  };
  const atOrder = (): boolean => word(peek(), "order") && word(peek(1), "by");

  function operand(): Operand {
    const token = peek();
    if (token === undefined || token.text === ")" || token.text === "," || token.text === "(") return refuse("either a value, list or function");
    index++;
    if (!token.quoted && peek()?.text === "(") {
      index++;
      const args: string[] = [];
      while (peek() !== undefined && peek()?.text !== ")") {
        const arg = peek();
        if (arg !== undefined && arg.text !== ",") args.push(arg.text);
        index++;
      }
      if (peek() === undefined) refuse("')'");
      index++;
      return { text: token.text, quoted: false, call: { name: token.text.toLowerCase(), args } };
    }
    return { text: token.text, quoted: token.quoted };
  }

  function operands(): { operands: Operand[]; list: boolean } {
    if (peek()?.text !== "(") return { operands: [operand()], list: false };
    index++;
    const list: Operand[] = [];
    for (;;) {
      list.push(operand());
      if (peek()?.text === ",") index++;
      else if (peek()?.text === ")") {
        index++;
        return { operands: list, list: true };
      } else refuse("')'");
    }
  }

  function clause(): Node {
    if (word(peek(), "not")) {
      index++;
      return { kind: "not", part: clause() };
    }
    const token = peek();
    if (token?.text === "(") {
      index++;
      const inner = expression();
      if (peek()?.text !== ")") refuse("')'");
      index++;
      return inner;
    }
    if (token === undefined || token.text === ")") return refuse("a field name");
    index++;
    const next = peek();
    let operator: string | undefined;
    if (next !== undefined && !next.quoted && OPERATORS.includes(next.text)) {
      operator = next.text;
      index++;
    } else {
      const words = WORD_OPERATORS.map((op) => op.split(" ")).find((parts) => parts.every((part, k) => word(peek(k), part)));
      if (words !== undefined) {
        operator = words.join(" ");
        index += words.length;
      }
    }
    if (operator === undefined) return refuse("operator");
    if (!knownField(token.text)) throw new JiraError(400, [`Field '${token.text}' does not exist or you do not have permission to view it.`]);
    if (operator === "changed") return { kind: "clause", field: token.text, operator, operands: [], list: false };
    return { kind: "clause", field: token.text, operator, ...operands() };
  }

  function expression(): Node {
    const ors: Node[] = [];
    let ands: Node[] = [clause()];
    for (;;) {
      if (word(peek(), "and")) {
        index++;
        ands.push(clause());
      } else if (word(peek(), "or")) {
        index++;
        ors.push(ands.length === 1 && ands[0] !== undefined ? ands[0] : { kind: "and", parts: ands });
        ands = [clause()];
      } else break;
    }
    const last: Node = ands.length === 1 && ands[0] !== undefined ? ands[0] : { kind: "and", parts: ands };
    return ors.length === 0 ? last : { kind: "or", parts: [...ors, last] };
  }

  const where = tokens.length === 0 || atOrder() ? undefined : expression();
  const order: { field: string; descending: boolean }[] = [];
  if (atOrder()) {
    index += 2;
    for (;;) {
      const field = peek();
      if (field === undefined || field.text === ",") refuse("a field name");
      index++;
      const direction = peek();
      const descending = word(direction, "desc");
      if (descending || word(direction, "asc")) index++;
      order.push({ field: String(field?.text), descending });
      if (peek()?.text === ",") index++;
      else break;
    }
  }
  if (peek() !== undefined) refuse("either 'OR' or 'AND'");
  return { where, order };
}

const DURATION = /^([-+]?)(\d+)([wdhm])$/i;
const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000 };

/** A JQL date or date-time (UTC) or a relative offset from now, in epoch ms. */
function toInstant(operand: Operand, now: number): number | undefined {
  if (operand.call !== undefined) {
    const offset = operand.call.args[0] === undefined ? 0 : (toInstant({ text: operand.call.args[0], quoted: false }, 0) ?? 0);
    const day = Math.floor(now / 86_400_000) * 86_400_000;
    switch (operand.call.name) {
      case "now":
        return now;
      case "startofday":
        return day + offset;
      case "endofday":
        return day + 86_400_000 - 1 + offset;
      default:
        return undefined;
    }
  }
  const relative = DURATION.exec(operand.text);
  if (relative !== null) return now + (relative[1] === "-" ? -1 : 1) * Number(relative[2]) * (UNIT_MS[(relative[3] ?? "d").toLowerCase()] ?? 0);
  const absolute = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(operand.text.trim());
  if (absolute === null) return undefined;
  const [, y, mo, d, h, mi] = absolute;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
}

const lower = (value: unknown): string => String(value).toLowerCase();

/** An Atlassian document (a rich-text field's value). */
const isAdfValue = (value: unknown): boolean => isRecord(value) && value.type === "doc";

/** Compile a query against a site; throws Jira's 400 for one it would refuse. */
export function compileJql(jql: string, context: JqlContext): CompiledJql {
  const fieldIds = new Map<string, string>();
  for (const field of context.site.fields) {
    fieldIds.set(field.id.toLowerCase(), field.id);
    fieldIds.set(field.name.toLowerCase(), field.id);
    if (field.id.startsWith("customfield_")) fieldIds.set(`cf[${field.id.slice("customfield_".length)}]`, field.id);
  }
  const known = (name: string): boolean => SYSTEM.has(name.toLowerCase()) || fieldIds.has(name.toLowerCase());
  const { where, order } = parse(jql, known);
  const categoryNames: Record<string, string[]> = { new: ["new", "to do", "2"], indeterminate: ["indeterminate", "in progress", "4"], done: ["done", "3"] };

  /** The values a field has on an issue, lower-cased, for equality (empty: the field is empty). */
  function values(entry: JiraSnapshotIssue, name: string): string[] {
    const fields = isRecord(entry.fields) ? entry.fields : {};
    const key = String(entry.key);
    const of = (value: unknown, ...props: string[]): string[] => (isRecord(value) ? props.map((prop) => value[prop]).filter((v) => typeof v === "string" || typeof v === "number").map(lower) : []);
    switch (name.toLowerCase()) {
      case "project":
        return [lower(key.split("-")[0]), ...of(fields.project, "key", "name", "id")];
      case "key":
      case "issuekey":
        return [lower(key)];
      case "id":
        return entry.id === undefined ? [] : [lower(entry.id)];
      case "status":
        return of(fields.status, "name", "id");
      case "statuscategory": {
        const status = fields.status;
        const category = isRecord(status) && isRecord(status.statusCategory) ? String(status.statusCategory.key) : "new";
        return categoryNames[category] ?? [category];
      }
      case "resolution":
        return of(fields.resolution, "name", "id");
      case "priority":
        return of(fields.priority, "name", "id");
      case "assignee":
      case "reporter":
      case "creator":
        return of(fields[name.toLowerCase()], "accountId", "displayName", "emailAddress");
      case "type":
      case "issuetype":
        return of(fields.issuetype, "name", "id");
      case "component":
        return Array.isArray(fields.components) ? (fields.components as unknown[]).flatMap((component) => of(component, "name", "id")) : [];
      case "labels":
        return Array.isArray(fields.labels) ? (fields.labels as unknown[]).map(lower) : [];
      default: {
        const id = fieldIds.get(name.toLowerCase()) ?? name;
        const flat = flattenJiraValue(fields[id]);
        return flat === null ? [] : Array.isArray(flat) ? flat.map(lower) : [lower(flat)];
      }
    }
  }

  /** What `text ~` searches, as Jira's does: summary, description, environment, the comments and every text custom field. */
  function everyText(fields: Record<string, unknown>): unknown[] {
    const comments = isRecord(fields.comment) && Array.isArray(fields.comment.comments) ? (fields.comment.comments as unknown[]) : [];
    const custom = Object.keys(fields).filter((id) => id.startsWith("customfield_") && (typeof fields[id] === "string" || isAdfValue(fields[id])));
    return [...["summary", "description", "environment", ...custom].map((id) => fields[id]), ...comments.map((comment) => (isRecord(comment) ? comment.body : undefined))];
  }

  function text(entry: JiraSnapshotIssue, name: string): string {
    const fields = isRecord(entry.fields) ? entry.fields : {};
    const parts = name.toLowerCase() === "text" ? everyText(fields).map(flattenJiraValue) : [flattenJiraValue(fields[fieldIds.get(name.toLowerCase()) ?? name])];
    return parts.map((part) => (part === null ? "" : Array.isArray(part) ? part.join(" ") : String(part))).join("\n").toLowerCase();
  }

  function instant(entry: JiraSnapshotIssue, name: string): number | undefined {
    const fields = isRecord(entry.fields) ? entry.fields : {};
    const id = DATE_FIELDS[name.toLowerCase()] ?? fieldIds.get(name.toLowerCase()) ?? name;
    const value = fields[id];
    const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
    return Number.isNaN(ms) ? undefined : ms;
  }

  const keyNumber = (key: string): number => Number(key.split("-")[1] ?? Number.NaN);

  function operandValue(operand: Operand): string | undefined {
    if (operand.call?.name === "currentuser") return lower(context.me);
    if (!operand.quoted && ["empty", "null"].includes(operand.text.toLowerCase())) return undefined;
    return lower(operand.text);
  }

  function historyValues(entry: JiraSnapshotIssue, name: string): string[] {
    const field = name.toLowerCase();
    const found: string[] = [];
    for (const history of Array.isArray(entry.changelog?.histories) ? entry.changelog.histories : []) {
      for (const item of Array.isArray(history.items) ? history.items : []) {
        if (lower(item.field) !== field && lower(item.fieldId) !== field) continue;
        for (const value of [item.fromString, Object.hasOwn(item, "toString") ? item.toString : undefined, item.from, item.to]) {
          if (typeof value === "string" && value !== "") found.push(lower(value));
        }
      }
    }
    return found;
  }

  function clause(entry: JiraSnapshotIssue, node: Extract<Node, { kind: "clause" }>): boolean {
    const { field, operator, operands } = node;
    const wanted = operands.map(operandValue);
    const has = values(entry, field);
    const equals = (): boolean => wanted.some((value) => (value === undefined ? has.length === 0 : has.includes(value)));
    const isDate = DATE_FIELDS[field.toLowerCase()] !== undefined || context.site.fields.some((f) => f.id === fieldIds.get(field.toLowerCase()) && (f.schema?.type === "date" || f.schema?.type === "datetime"));
    switch (operator) {
      case "=":
      case "in":
        return isDate ? wanted.length > 0 && operands.some((operand) => toInstant(operand, context.now()) === instant(entry, field)) : equals();
      case "!=":
      case "not in":
        return has.length > 0 && !equals();
      case "is":
        return has.length === 0 && (!isDate || instant(entry, field) === undefined);
      case "is not":
        return has.length > 0 || (isDate && instant(entry, field) !== undefined);
      case "~":
        return wanted.some((value) => value !== undefined && text(entry, field).includes(value.replace(/\*/g, "")));
      case "!~":
        return !wanted.some((value) => value !== undefined && text(entry, field).includes(value.replace(/\*/g, "")));
      case "was":
      case "was in": {
        const all = [...has, ...historyValues(entry, field)];
        return wanted.some((value) => value !== undefined && all.includes(value));
      }
      case "was not":
      case "was not in": {
        const all = [...has, ...historyValues(entry, field)];
        return !wanted.some((value) => value !== undefined && all.includes(value));
      }
      case "changed":
        return historyValues(entry, field).length > 0;
      default: {
        const [operand] = operands;
        if (operand === undefined) return false;
        let left: number | undefined;
        let right: number | undefined;
        if (["key", "issuekey"].includes(field.toLowerCase())) {
          const project = String(entry.key).split("-")[0]?.toLowerCase();
          if (operand.text.split("-")[0]?.toLowerCase() !== project) return false;
          left = keyNumber(String(entry.key));
          right = keyNumber(operand.text);
        } else if (isDate) {
          left = instant(entry, field);
          right = toInstant(operand, context.now());
          if (right === undefined) throw new JiraError(400, [`Date value '${operand.text}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`]);
        } else {
          left = Number(has[0]);
          right = Number(operand.text);
        }
        if (left === undefined || right === undefined || Number.isNaN(left) || Number.isNaN(right)) return false;
        return operator === ">" ? left > right : operator === ">=" ? left >= right : operator === "<" ? left < right : left <= right;
      }
    }
  }

  function test(entry: JiraSnapshotIssue, node: Node): boolean {
    switch (node.kind) {
      case "and":
        return node.parts.every((part) => test(entry, part));
      case "or":
        return node.parts.some((part) => test(entry, part));
      case "not":
        return !test(entry, node.part);
      case "clause":
        return clause(entry, node);
    }
  }

  return {
    matches: (entry) => where === undefined || test(entry, where),
    order,
    sortValue(entry, field) {
      const name = field.toLowerCase();
      if (name === "key" || name === "issuekey") return String(entry.key);
      if (DATE_FIELDS[name] !== undefined) return instant(entry, name) ?? Number.NEGATIVE_INFINITY;
      if (name === "priority") {
        const priority = isRecord(entry.fields) && isRecord(entry.fields.priority) ? String(entry.fields.priority.name) : "";
        const index = context.site.priorities.indexOf(priority);
        return index === -1 ? Number.POSITIVE_INFINITY : index;
      }
      return values(entry, field)[0] ?? "";
    },
  };
}

/** Issue keys in Jira's order: by project, then by number. */
export function compareKeys(a: string, b: string): number {
  const [pa = "", na = ""] = a.split("-");
  const [pb = "", nb = ""] = b.split("-");
  return pa === pb ? Number(na) - Number(nb) : pa < pb ? -1 : 1;
}
