/** Core-model issues for the review's table tests: times as local wall-clock text in +08:00. */
import type { Comment, HistoryEvent, Issue, Person } from "../../src/core/model.ts";
import { GITHUB_CAPABILITIES } from "../../src/github/capabilities.ts";

/** `2026-03-02 10:00` in Asia/Shanghai as an instant. */
export const at = (local: string): number => Date.parse(`${local.replace(" ", "T")}:00+08:00`);

export const REPORTER: Person = { id: "reporter", association: "NONE" };
export const team = (id: string): Person => ({ id, association: "MEMBER" });

const FORM = ["Impact scope", "Symptom and error message", "Start time", "Steps to reproduce", "Environment"].map((h) => `### ${h}\n\nfilled in`).join("\n\n");

let commentId = 1;

/** A team comment at a local time. */
export const reply = (who: string, local: string): Comment => ({ id: String(commentId++), author: team(who), body: "Looking into it.", createdAt: at(local), public: true });

export interface Spec {
  id: number;
  created: string;
  labels?: string[];
  assignees?: string[];
  comments?: Comment[];
  history?: HistoryEvent[];
  closed?: string;
}

/** An issue with a complete form body; closed when `closed` is given (and no history says otherwise). */
export function issue(spec: Spec): Issue {
  const closedAt = spec.closed === undefined ? undefined : at(spec.closed);
  const history = spec.history ?? (closedAt === undefined ? [] : [{ kind: "closed" as const, at: closedAt, actor: team("chen-jing"), reason: "completed" as const }]);
  return {
    capabilities: GITHUB_CAPABILITIES,
    id: `acme/support#${spec.id}`,
    title: `Issue ${spec.id}`,
    body: FORM,
    labels: spec.labels ?? ["priority/P2"],
    state: closedAt === undefined ? "open" : "closed",
    ...(closedAt === undefined ? {} : { closedAt, closeReason: "completed" as const }),
    fields: {},
    author: REPORTER,
    assignees: (spec.assignees ?? []).map(team),
    createdAt: at(spec.created),
    comments: spec.comments ?? [],
    history,
  };
}
