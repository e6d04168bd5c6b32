/**
 * The site's fields from `GET /rest/api/3/field`: rule files name fields ("Root cause"), the API
 * wants ids (`customfield_10050`) and a value shaped by the field's schema type. Loaded once per
 * tracker and cached; a concurrent first use shares one request.
 */

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
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** Build the catalog from the answer of `GET /rest/api/3/field` (anything else gives an empty one). */
export function toFieldCatalog(answer: unknown): FieldCatalog {
  const byId = new Map<string, FieldInfo>();
  const byName = new Map<string, FieldInfo>();
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
    if (key !== undefined && !byId.has(key)) byId.set(key, info);
    // The first field of a name wins: Jira allows duplicates, and the system field comes first.
    if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), info);
  }
  return {
    find: (nameOrId) => byId.get(nameOrId) ?? byName.get(nameOrId.toLowerCase()),
    names: () => Object.fromEntries([...byId.values()].map((field) => [field.id, field.name])),
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
