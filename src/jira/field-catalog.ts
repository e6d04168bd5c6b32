/**
 * The site's fields from `GET /rest/api/3/field`: rule files name fields ("Root cause"), the API
 * wants ids (`customfield_10050`) and a value shaped by the field's schema type. Loaded once per
 * tracker and cached; a concurrent first use shares one request. A rule field mapped to a name
 * the site does not have would read as missing on every issue: `unknownJiraFields` says so
 * before anything is read or written.
 */
import type { Rules } from "../core/rules/rules.ts";
import { closest, nearest } from "../core/rules/diagnostics.ts";
import { JIRA_CAPABILITIES } from "./capabilities.ts";

/** What we keep of one field. */
export interface FieldInfo {
  id: string;
  name: string;
  /** `string`, `number`, `option`, `array`, `user`, `date`, `datetime`, `priority`, … */
  type?: string | undefined;
  /** Element type for arrays (`string`, `option`, `user`, `component`, …). */
  items?: string | undefined;
  /** Custom field type key, e.g. `com.atlassian.jira.plugin.system.customfieldtypes:textarea`. */
  custom?: string | undefined;
}

export interface FieldCatalog {
  /** Field by id, key or (case-insensitive) name. */
  find(nameOrId: string): FieldInfo | undefined;
  /** id → display name, for converting issues. */
  names(): Record<string, string>;
  /** The site's fields, for checking the names rules give. */
  fields(): readonly SiteField[];
}

/** A field of the site as `/rest/api/3/field` (or a snapshot's `fields`) lists it. */
export interface SiteField {
  id: string;
  name: string;
  key?: string | undefined;
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** Build the catalog from the answer of `GET /rest/api/3/field` (anything else gives an empty one). */
export function toFieldCatalog(answer: unknown): FieldCatalog {
  const byId = new Map<string, FieldInfo>();
  const byName = new Map<string, FieldInfo>();
  const listed: SiteField[] = [];
  for (const raw of Array.isArray(answer) ? answer : []) {
    if (typeof raw !== "object" || raw === null) continue;
    const record = raw as Record<string, unknown>;
    const id = str(record.id);
    const name = str(record.name);
    if (id === undefined || name === undefined) continue;
    const schema = typeof record.schema === "object" && record.schema !== null ? (record.schema as Record<string, unknown>) : {};
    const info: FieldInfo = { id, name, type: str(schema.type), items: str(schema.items), custom: str(schema.custom) };
    byId.set(id, info);
    const key = str(record.key);
    listed.push({ id, name, key });
    if (key !== undefined && !byId.has(key)) byId.set(key, info);
    // The first field of a name wins: Jira allows duplicates, and the system field comes first.
    if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), info);
  }
  return {
    find: (nameOrId) => byId.get(nameOrId) ?? byName.get(nameOrId.toLowerCase()),
    names: () => Object.fromEntries([...byId.values()].map((field) => [field.id, field.name])),
    fields: () => listed,
  };
}

/** A lazily loaded, cached catalog; a failed load is retried on next use. */
export function cachedCatalog(load: () => Promise<unknown>): () => Promise<FieldCatalog> {
  let pending: Promise<FieldCatalog> | undefined;
  return () => {
    pending ??= load().then(toFieldCatalog, (error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/**
 * The rules' Jira field names (`fields.<name>.jira.field`) the site does not have, one message
 * each: where the rules give it (when they know), the name, and the closest names on the site.
 * Names the user's files give are errors; names only a preset gives are warnings (a site need
 * not have every field the preset knows: the answer is still read from description headings).
 * Issues are read by the exact id, key or name (`issue.fields[name]`), so a name that differs
 * only in case is reported too. `alsoIds`: ids known to exist without being listed (the fields a
 * snapshot's issues carry); they count, but are not offered as names.
 */
export function unknownJiraFields(rules: Rules, site: readonly SiteField[], alsoIds: Iterable<string> = []): { errors: string[]; warnings: string[] } {
  const exact = new Set([...site.flatMap((f) => (f.key === undefined ? [f.id, f.name] : [f.id, f.name, f.key])), ...alsoIds]);
  const names = [...new Set(site.map((f) => f.name))];
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const field of rules.fields.values()) {
    const jiraFields = field.sources[JIRA_CAPABILITIES.source]?.fields ?? [];
    jiraFields.forEach((name, i) => {
      if (exact.has(name)) return;
      const many = jiraFields.length > 1;
      const path = `fields.${field.name}.jira.field${many ? `[${i}]` : ""}`;
      const where = rules.locate?.(["fields", field.name, "jira", "field", ...(many ? [i] : [])]);
      const at = where?.at;
      const hint = closest(name, names);
      const near = nearest(name, names, 3);
      const text =
        `${at === undefined ? "" : `${at}: `}${path}: expected a field the Jira site has (its name or id, like customfield_10050), found ${JSON.stringify(name)}` +
          (near.length === 0
            ? "; the site lists no fields"
            : hint === undefined
              ? `; closest on the site: ${near.join(", ")}`
              : ` — did you mean ${JSON.stringify(hint)}? (closest on the site: ${near.join(", ")})`);
      if (where?.preset === true) {
        const fallback = (field.sources[JIRA_CAPABILITIES.source]?.sections.length ?? 0) > 0 ? "the answer is read from headings in the description only" : "the field reads as missing";
        warnings.push(`${text}. The preset maps it: ${fallback}; map ${path} in your file to the site's field`);
      } else errors.push(text);
    });
  }
  return { errors, warnings };
}

/** The error text when the rules name fields the site does not have: what, where, what to do. */
export function unknownJiraFieldsText(site: string, problems: readonly string[]): string {
  return (
    `the rules name ${problems.length === 1 ? "a Jira field" : `${problems.length} Jira fields`} that ${site} does not have, so ` +
    `${problems.length === 1 ? "it" : "they"} would read as missing on every issue; nothing was read or written. ` +
    `Write the field's name as Jira shows it, or its id:\n${problems.join("\n")}`
  );
}
