/**
 * What the repository's organisation offers beyond labels: issue types and issue fields (a
 * single-select Priority field, say). Each is read once per run; a user-owned repository, a token
 * without `read:org`, or an organisation without them all mean "none", and labels are used.
 */
import type { GitHubClient } from "./create-octokit.ts";

export interface IssueFieldInfo {
  id: number;
  name: string;
  dataType: string;
  options: { id: number; name: string }[];
}

export interface OrgCapabilities {
  issueTypes: string[];
  issueFields: IssueFieldInfo[];
}

const NONE: OrgCapabilities = { issueTypes: [], issueFields: [] };

async function listOrNothing(read: () => Promise<{ data: unknown }>): Promise<unknown[]> {
  try {
    const { data } = await read();
    return Array.isArray(data) ? (data as unknown[]) : [];
  } catch (error) {
    const status = (error as { status?: number }).status;
    // Not an organisation, not allowed to look, or the feature is off: no such capability.
    if (status === 401 || status === 403 || status === 404 || status === 410 || status === 422) return [];
    throw error;
  }
}

function toField(value: unknown): IssueFieldInfo | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as { id?: unknown; name?: unknown; data_type?: unknown; options?: unknown };
  if (typeof v.id !== "number" || typeof v.name !== "string") return undefined;
  const options = Array.isArray(v.options)
    ? (v.options as { id?: unknown; name?: unknown }[]).flatMap((o) =>
        typeof o?.id === "number" && typeof o.name === "string" ? [{ id: o.id, name: o.name }] : [],
      )
    : [];
  return { id: v.id, name: v.name, dataType: typeof v.data_type === "string" ? v.data_type : "text", options };
}

/** Read the organisation's issue types and issue fields (two requests). */
export async function readOrgCapabilities(octokit: GitHubClient, org: string): Promise<OrgCapabilities> {
  const [types, fields] = await Promise.all([
    listOrNothing(() => octokit.request("GET /orgs/{org}/issue-types", { org })),
    listOrNothing(() => octokit.request("GET /orgs/{org}/issue-fields", { org })),
  ]);
  return {
    issueTypes: types.flatMap((t) => (typeof (t as { name?: unknown }).name === "string" ? [(t as { name: string }).name] : [])),
    issueFields: fields.flatMap((f) => toField(f) ?? []),
  };
}

export const noCapabilities = (): OrgCapabilities => ({ ...NONE });

/** The organisation's issue field with this name (case-insensitive). */
export function findIssueField(capabilities: OrgCapabilities, name: string): IssueFieldInfo | undefined {
  const wanted = name.toLowerCase();
  return capabilities.issueFields.find((field) => field.name.toLowerCase() === wanted);
}
