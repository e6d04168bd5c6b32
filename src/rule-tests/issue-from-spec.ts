/** Build a core issue from the compact form used in rule tests. */
import type { Comment, HistoryEvent, Issue, Person, TrackerCapabilities } from "../core/model.ts";
import { parseInstant } from "./parse-instant.ts";
import type { IssueSpecInput } from "./test-file-schema.ts";

/** Instants in specs are checked by the test-file schema; tests that build specs in code may be looser. */
const instant = (text: string): number => parseInstant(text) ?? Date.parse(text);

type PersonInput = string | { id: string; association?: string | undefined; groups?: string[] | undefined; bot?: boolean | undefined };

/** The tool's own identity in a test: the login it writes as (the first of the rules' `bot.logins`). */
const isSelfLogin = (id: string, selfLogin: string | undefined): boolean =>
  selfLogin !== undefined && id.toLowerCase() === selfLogin.toLowerCase();

function person(spec: PersonInput | undefined, fallback: string, association = "NONE", selfLogin?: string): Person {
  const self = (id: string) => (isSelfLogin(id, selfLogin) ? { self: true } : {});
  if (spec === undefined) return { id: fallback, association, ...self(fallback) };
  if (typeof spec === "string") return { id: spec, association, ...(spec.endsWith("[bot]") ? { bot: true } : {}), ...self(spec) };
  return {
    id: spec.id,
    association: spec.association ?? association,
    ...(spec.groups ? { groups: spec.groups } : {}),
    ...(spec.bot !== undefined ? { bot: spec.bot } : {}),
    ...self(spec.id),
  };
}

/** `key` and `keys` of a given comment: either names its keys; `key` is the first. */
function keysOf(key: string | undefined, keys: readonly string[] | undefined): Pick<Comment, "key" | "keys"> {
  const all = [...new Set([...(key === undefined ? [] : [key]), ...(keys ?? [])])];
  const [first] = all;
  if (first === undefined) return {};
  return all.length === 1 ? { key: first } : { key: first, keys: all };
}

/**
 * What the issue of a rule test can do, by its `tracker:`: the same as the adapter of that tracker
 * declares (test/core/no-tracker-names.test.ts holds them equal). Kept here because a rule test
 * runs without any adapter.
 */
export const RULE_TEST_CAPABILITIES: Readonly<Record<"github" | "jira", TrackerCapabilities>> = {
  github: { source: "github", nativePriority: false, workflowStatus: false, issueTypes: true, internalComments: false, singleAssignee: false },
  jira: { source: "jira", nativePriority: true, workflowStatus: true, issueTypes: true, internalComments: true, singleAssignee: true },
};

const ownComment = (author: Person, keyed: boolean): Person => (keyed ? { ...author, self: true } : author);

/**
 * The core issue a rule test describes. A comment given with `key:` (or `keys:`, a digest) is one of the tool's own
 * comments (its author is the tool, `self`), since only those carry hidden keys; a person named
 * `selfLogin` (the login the tool writes as) is the tool wherever it appears.
 */
export function issueFromSpec(spec: IssueSpecInput, index: number, selfLogin?: string): Issue {
  const tracker = spec.tracker ?? "github";
  const author = person(spec.author, "reporter", "NONE", selfLogin);
  const comments: Comment[] = (spec.comments ?? []).map((c, i) => ({
    id: String(1000 + i),
    author: ownComment(person(c.author, "someone", c.team ? "MEMBER" : "NONE", selfLogin), c.key !== undefined || (c.keys?.length ?? 0) > 0),
    body: c.body,
    createdAt: instant(c.at),
    public: !(c.internal ?? false),
    ...keysOf(c.key, c.keys),
    ...(c.reactions === undefined
      ? {}
      : { reactions: c.reactions.map((r) => ({ content: r.content, by: person(r.by, "someone", "NONE", selfLogin), ...(r.at === undefined ? {} : { at: instant(r.at) }) })) }),
  }));
  const history: HistoryEvent[] = (spec.history ?? []).map((h) => {
    const at = instant(h.at);
    const actor = h.by === undefined ? undefined : person(h.by, "someone", "MEMBER", selfLogin);
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
    capabilities: RULE_TEST_CAPABILITIES[tracker],
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
    assignees: (spec.assignees ?? []).map((id) => ({ id, association: "MEMBER", ...(isSelfLogin(id, selfLogin) ? { self: true } : {}) })),
    createdAt: instant(spec.created),
    closedAt: spec.closed === undefined ? undefined : instant(spec.closed),
    comments,
    history,
  };
}
