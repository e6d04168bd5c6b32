/** Build a core issue from the compact form used in rule tests. */
import type { Comment, HistoryEvent, Issue, Person } from "../core/model.ts";
import { parseInstant } from "./parse-instant.ts";
import type { IssueSpecInput } from "./test-file-schema.ts";

/** Instants in specs are checked by the test-file schema; tests that build specs in code may be looser. */
const instant = (text: string): number => parseInstant(text) ?? Date.parse(text);

type PersonInput = string | { id: string; association?: string | undefined; groups?: string[] | undefined; bot?: boolean | undefined };

function person(spec: PersonInput | undefined, fallback: string, association = "NONE"): Person {
  if (spec === undefined) return { id: fallback, association };
  if (typeof spec === "string") return { id: spec, association, ...(spec.endsWith("[bot]") ? { bot: true } : {}) };
  return {
    id: spec.id,
    association: spec.association ?? association,
    ...(spec.groups ? { groups: spec.groups } : {}),
    ...(spec.bot !== undefined ? { bot: spec.bot } : {}),
  };
}

export function issueFromSpec(spec: IssueSpecInput, index: number): Issue {
  const tracker = spec.tracker ?? "github";
  const author = person(spec.author, "reporter");
  const comments: Comment[] = (spec.comments ?? []).map((c, i) => ({
    id: String(1000 + i),
    author: person(c.author, "someone", c.team ? "MEMBER" : "NONE"),
    body: c.body,
    createdAt: instant(c.at),
    public: !(c.internal ?? false),
    ...(c.key === undefined ? {} : { key: c.key }),
  }));
  const history: HistoryEvent[] = (spec.history ?? []).map((h) => {
    const at = instant(h.at);
    const actor = h.by === undefined ? undefined : person(h.by, "someone", "MEMBER");
    const base = actor ? { at, actor } : { at };
    if (h.labeled !== undefined) return { kind: "labeled", label: h.labeled, ...base };
    if (h.unlabeled !== undefined) return { kind: "unlabeled", label: h.unlabeled, ...base };
    if (h.closed !== undefined) return { kind: "closed", reason: h.closed, ...base };
    if (h.reopened) return { kind: "reopened", ...base };
    if (h.assigned !== undefined) return { kind: "assigned", assignee: h.assigned, ...base };
    if (h.unassigned !== undefined) return { kind: "unassigned", assignee: h.unassigned, ...base };
    if (h.status !== undefined) return { kind: "status", from: null, to: h.status, ...base };
    return { kind: "priority", from: null, to: h.priority ?? null, ...base };
  });
  history.sort((a, b) => a.at - b.at);
  const state = spec.state ?? (spec.closed !== undefined ? "closed" : "open");
  return {
    tracker,
    id: spec.id ?? (tracker === "jira" ? `TEST-${index + 1}` : `test/repo#${index + 1}`),
    title: spec.title,
    body: spec.body ?? "",
    labels: spec.labels ?? [],
    state,
    closeReason: state === "closed" ? (spec["close-reason"] ?? "completed") : undefined,
    ...(spec.status === undefined ? {} : { status: { name: spec.status, category: state === "closed" ? "done" : "indeterminate" } }),
    type: spec.type,
    nativePriority: spec.priority ?? null,
    fields: spec.fields ?? {},
    author,
    assignees: (spec.assignees ?? []).map((id) => ({ id, association: "MEMBER" })),
    createdAt: instant(spec.created),
    closedAt: spec.closed === undefined ? undefined : instant(spec.closed),
    comments,
    history,
  };
}
