/**
 * A site catalog learned from a snapshot: its `fields` header and what its issues carry — the
 * users seen (with display names), the statuses seen (with their categories), the priorities and
 * resolutions seen, every field id used (its schema inferred from the values), and the largest
 * numeric id in use. Folded one issue at a time, so that no pass holds the whole file.
 */
import { guessStatusCategory, type JiraIssue, toCloseReason } from "../to-core-issue.ts";
import { isRecord } from "../../core/json-checks.ts";
import { DEFAULT_PRIORITIES, DEFAULT_RESOLUTIONS, type JiraSite, type SiteField, type SiteStatus, type SiteUser, type StatusCategoryKey } from "./site.ts";

/** What a snapshot's catalog holds: the site, and the account the snapshot is written as, if it says. */
export interface JiraCatalog extends JiraSite {
  /** The snapshot's `self`: the accountId the tool writes as. */
  self?: string;
}

/** The system fields every Jira site has, with their schemas. */
export const SYSTEM_FIELDS: readonly SiteField[] = [
  ["summary", "Summary", { type: "string", system: "summary" }],
  ["description", "Description", { type: "string", system: "description" }],
  ["labels", "Labels", { type: "array", items: "string", system: "labels" }],
  ["priority", "Priority", { type: "priority", system: "priority" }],
  ["status", "Status", { type: "status", system: "status" }],
  ["assignee", "Assignee", { type: "user", system: "assignee" }],
  ["reporter", "Reporter", { type: "user", system: "reporter" }],
  ["components", "Components", { type: "array", items: "component", system: "components" }],
  ["resolution", "Resolution", { type: "resolution", system: "resolution" }],
  ["environment", "Environment", { type: "string", system: "environment" }],
].map(([id, name, schema]) => ({ id: id as string, name: name as string, custom: false, schema: schema as Record<string, unknown> }));

/** Fields an issue carries that are no field of the catalog (read-only or parts of the issue). */
const NOT_FIELDS = new Set(["comment", "worklog", "attachment", "issuelinks", "subtasks", "watches", "votes", "created", "updated", "creator", "project", "issuetype", "resolutiondate", "statuscategorychangedate", "lastViewed"]);

const toCategory = (key: unknown): StatusCategoryKey | undefined => (key === "new" || key === "indeterminate" || key === "done" ? key : undefined);

/** A schema guessed from a value, for fields the snapshot names but does not describe. */
function inferSchema(id: string, value: unknown): Record<string, unknown> | undefined {
  const custom = id.startsWith("customfield_");
  if (isRecord(value) && value.type === "doc") return custom ? { type: "string", custom: "com.atlassian.jira.plugin.system.customfieldtypes:textarea" } : { type: "string" };
  if (typeof value === "string") return { type: /^\d{4}-\d\d-\d\dT/.test(value) ? "datetime" : /^\d{4}-\d\d-\d\d$/.test(value) ? "date" : "string" };
  if (typeof value === "number") return { type: "number" };
  const element = (entry: unknown): string | undefined =>
    isRecord(entry) ? ("accountId" in entry ? "user" : "value" in entry ? "option" : "name" in entry ? "component" : undefined) : typeof entry === "string" ? "string" : undefined;
  if (Array.isArray(value)) {
    const items = value.length === 0 ? undefined : element(value[0]);
    return items === undefined ? undefined : { type: "array", items };
  }
  return isRecord(value) ? ((type) => (type === undefined ? undefined : { type }))(element(value)) : undefined;
}

/** Numeric ids (`"10042"` or 10042) anywhere in a value. */
function largestIdIn(value: unknown, largest: number): number {
  let found = largest;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) for (const element of node as unknown[]) visit(element);
    else if (isRecord(node)) {
      const id = typeof node.id === "string" && /^\d{1,15}$/.test(node.id) ? Number(node.id) : node.id;
      if (typeof id === "number" && Number.isSafeInteger(id) && id > found) found = id;
      for (const child of Object.values(node)) if (typeof child === "object") visit(child);
    }
  };
  visit(value);
  return found;
}

/** Users with display names anywhere in a value, first per accountId. */
function collectUsers(value: unknown, users: Map<string, SiteUser>): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) for (const element of node as unknown[]) visit(element);
    else if (isRecord(node)) {
      if (typeof node.accountId === "string" && node.accountId !== "" && typeof node.displayName === "string" && !users.has(node.accountId)) {
        users.set(node.accountId, {
          accountId: node.accountId,
          displayName: node.displayName,
          accountType: typeof node.accountType === "string" ? node.accountType : "atlassian",
          ...(typeof node.emailAddress === "string" ? { emailAddress: node.emailAddress } : {}),
          ...(typeof node.timeZone === "string" ? { timeZone: node.timeZone } : {}),
        });
      }
      for (const child of Object.values(node)) if (typeof child === "object") visit(child);
    }
  };
  visit(value);
}

/** A fresh fold over a snapshot's issues: `add` each in order, then `result`. */
export function createCatalogFold(header: Readonly<Record<string, unknown>>, baseUrl = "https://snapshot.invalid"): { add(entry: JiraIssue): void; result(): JiraCatalog } {
  const fields = new Map<string, SiteField>();
  for (const field of Array.isArray(header.fields) ? (header.fields as unknown[]) : []) {
    if (!isRecord(field) || typeof field.id !== "string" || typeof field.name !== "string" || fields.has(field.id)) continue;
    fields.set(field.id, {
      id: field.id,
      name: field.name,
      custom: typeof field.custom === "boolean" ? field.custom : field.id.startsWith("customfield_"),
      ...(isRecord(field.schema) ? { schema: field.schema } : {}),
    });
  }
  for (const field of SYSTEM_FIELDS) if (!fields.has(field.id)) fields.set(field.id, field);
  const statuses = new Map<string, SiteStatus & { guessed: boolean }>();
  const users = new Map<string, SiteUser>();
  const priorities = [...DEFAULT_PRIORITIES];
  const resolutions = [...DEFAULT_RESOLUTIONS];
  let largestId = 0;

  const addStatus = (name: string, id: unknown, category: StatusCategoryKey | undefined): void => {
    const known = statuses.get(name.toLowerCase());
    if (known !== undefined && (!known.guessed || category === undefined)) return;
    statuses.set(name.toLowerCase(), {
      id: typeof id === "string" && id !== "" ? id : (known?.id ?? ""),
      name: known?.name ?? name,
      category: category ?? guessStatusCategory(name),
      guessed: category === undefined,
    });
  };
  const addName = (list: string[], name: unknown): void => {
    if (typeof name === "string" && name !== "" && !list.some((known) => known.toLowerCase() === name.toLowerCase())) list.push(name);
  };

  return {
    add(entry) {
      largestId = largestIdIn(entry, largestId);
      collectUsers(entry, users);
      const issueFields = isRecord(entry.fields) ? entry.fields : {};
      const status = issueFields.status;
      if (isRecord(status) && typeof status.name === "string") {
        addStatus(status.name, status.id, toCategory(isRecord(status.statusCategory) ? status.statusCategory.key : undefined));
      }
      if (isRecord(issueFields.priority)) addName(priorities, issueFields.priority.name);
      if (isRecord(issueFields.resolution)) addName(resolutions, issueFields.resolution.name);
      const names = isRecord(entry.names) ? entry.names : {};
      for (const [id, value] of Object.entries(issueFields)) {
        if (NOT_FIELDS.has(id)) continue;
        const known = fields.get(id);
        const name = typeof names[id] === "string" && names[id] !== "" ? names[id] : id;
        if (known === undefined) {
          const schema = inferSchema(id, value);
          fields.set(id, { id, name, custom: id.startsWith("customfield_"), ...(schema === undefined ? {} : { schema }) });
        } else if (known.schema === undefined && value !== null) {
          const schema = inferSchema(id, value);
          if (schema !== undefined) fields.set(id, { ...known, ...(known.name === id ? { name } : {}), schema });
        } else if (known.name === id && name !== id) fields.set(id, { ...known, name });
      }
      for (const history of Array.isArray(entry.changelog?.histories) ? entry.changelog.histories : []) {
        for (const item of Array.isArray(history.items) ? history.items : []) {
          if (item.field !== "status") continue;
          if (typeof item.fromString === "string" && item.fromString !== "") addStatus(item.fromString, item.from, undefined);
          const to = Object.hasOwn(item, "toString") ? item.toString : undefined;
          if (typeof to === "string" && to !== "") addStatus(to, item.to, undefined);
        }
      }
    },
    result() {
      const list = [...statuses.values()];
      // Closing as completed and reopening need a done status that is no won't-do and a to-do one;
      // Jira's defaults stand in for missing ones.
      if (!list.some((status) => status.category === "done" && toCloseReason(status.name) === "completed")) list.push({ id: "", name: "Done", category: "done", guessed: false });
      if (!list.some((status) => status.category === "new")) list.push({ id: "", name: "To Do", category: "new", guessed: false });
      const taken = new Set(list.map((status) => status.id).filter((id) => id !== ""));
      let next = 10_000;
      const site: SiteStatus[] = list.map(({ id, name, category }) => {
        if (id !== "") return { id, name, category };
        while (taken.has(String(next))) next += 1;
        taken.add(String(next));
        return { id: String(next), name, category };
      });
      const self = typeof header.self === "string" && header.self !== "" ? header.self : undefined;
      return {
        baseUrl,
        users: [...users.values()],
        fields: [...fields.values()],
        statuses: site,
        // Any status of the snapshot is reachable from any other, by a transition named after it.
        transitions: site.map((status, index) => ({ id: String(11 + 10 * index), name: status.name, to: status.name, hasScreen: true })),
        priorities,
        resolutions,
        // The rules' people are the site's users even where the snapshot never mentions them.
        anyUser: true,
        largestId,
        ...(self === undefined ? {} : { self }),
      };
    },
  };
}
