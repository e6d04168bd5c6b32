/**
 * `POST /rest/api/3/issue` on the in-memory site, as Jira Cloud answers it: the project, the
 * summary and the issue type are required (400 with Jira's per-field errors otherwise); the issue
 * gets the next key of its project and an id larger than any in use, starts in the workflow's
 * first status of category "To Do", is reported and created by the caller, and takes the labels,
 * priority and description it was sent; other fields are then set as an edit sets them (checked
 * against the site's fields). Answers `{ id, key, self }` (201).
 */
import { isRecord } from "../../core/json-checks.ts";
import { JiraError } from "./jira-error.ts";
import { jiraTime } from "./site.ts";
import type { JiraSiteState } from "./site-state.ts";
import type { JiraSnapshotIssue } from "./snapshot-types.ts";

/** Fields the create itself places; the others go through the edit's checks. */
const PLACED = new Set(["project", "summary", "issuetype", "description", "labels", "priority"]);

/** The next number in a project's keys. */
function nextNumber(state: JiraSiteState, project: string): number {
  let largest = 0;
  for (const key of state.store.keys()) {
    const match = /^([A-Z][A-Z0-9_]*)-(\d+)$/.exec(key);
    if (match?.[1] === project) largest = Math.max(largest, Number(match[2]));
  }
  return largest + 1;
}

/** Create an issue from a create request's body; answers what Jira answers. */
export function createJiraIssue(state: JiraSiteState, body: Record<string, unknown>): { id: string; key: string; self: string } {
  const fields = isRecord(body.fields) ? body.fields : {};
  const errors: Record<string, string> = {};
  const project = isRecord(fields.project) && typeof fields.project.key === "string" ? fields.project.key.toUpperCase() : undefined;
  if (project === undefined || !/^[A-Z][A-Z0-9_]*$/.test(project)) errors.project = "Specify a valid project ID or key";
  if (typeof fields.summary !== "string" || fields.summary.trim() === "") errors.summary = "You must specify a summary of the issue.";
  const type = isRecord(fields.issuetype) && (typeof fields.issuetype.name === "string" || typeof fields.issuetype.id === "string") ? fields.issuetype : undefined;
  if (type === undefined) errors.issuetype = "Specify an issue type";
  if (fields.description !== undefined && fields.description !== null && !(isRecord(fields.description) && fields.description.type === "doc")) {
    errors.description = "Operation value must be an Atlassian Document (see the Atlassian Document Format)";
  }
  const labels = fields.labels === undefined ? [] : Array.isArray(fields.labels) ? fields.labels.map(String) : undefined;
  if (labels === undefined) errors.labels = "labels must be an array";
  for (const label of labels ?? []) if (label === "" || /\s/.test(label)) errors.labels = `The label '${label}' contains spaces which is invalid.`;
  let priority: Record<string, unknown> | null = null;
  if (isRecord(fields.priority)) {
    const wanted = fields.priority;
    const index = state.site.priorities.findIndex((name, i) => (typeof wanted.name === "string" ? name.toLowerCase() === wanted.name.toLowerCase() : String(i + 1) === String(wanted.id)));
    const name = state.site.priorities[index];
    if (name === undefined) errors.priority = "Specify a valid 'id' or 'name' for Priority";
    else priority = state.json.priority(name, index);
  }
  if (Object.keys(errors).length > 0 || project === undefined || type === undefined) throw new JiraError(400, [], errors);
  const typeId = typeof type.id === "string" ? type.id : "10001";
  const typeName = typeof type.name === "string" ? type.name : "Task";
  const status = state.site.statuses.find((candidate) => candidate.category === "new") ?? state.site.statuses[0];
  if (status === undefined) throw new JiraError(400, ["The site has no workflow statuses."]);
  const id = state.nextId();
  const key = `${project}-${nextNumber(state, project)}`;
  const at = jiraTime(state.now());
  const me = state.userJson(state.me);
  const entry: JiraSnapshotIssue = {
    id,
    key,
    fields: {
      summary: String(fields.summary),
      description: fields.description ?? null,
      issuetype: { self: state.json.self(`issuetype/${typeId}`), id: typeId, name: typeName, subtask: false, hierarchyLevel: 0 },
      project: { self: state.json.self(`project/${project}`), id: project, key: project, name: project, projectTypeKey: "software" },
      status: state.json.status(status),
      priority,
      labels: [...new Set(labels)],
      components: [],
      reporter: me,
      creator: me,
      assignee: null,
      created: at,
      updated: at,
      resolution: null,
      resolutiondate: null,
      statuscategorychangedate: at,
      environment: null,
      comment: { comments: [] },
    },
    changelog: { histories: [] },
    properties: {},
  };
  state.add(entry);
  const rest = Object.fromEntries(Object.entries(fields).filter(([name]) => !PLACED.has(name)));
  if (Object.keys(rest).length > 0) state.editIssue(key, { fields: rest });
  return { id, key, self: state.json.self(`issue/${id}`) };
}
