/** Apply a plan to a core issue in memory, as a tracker would record it (for rerun tests). */
import type { Issue } from "../../src/core/model.ts";
import type { Plan } from "../../src/core/plan.ts";

/** The tool itself, as an adapter reports its own writes. */
const BOT = { id: "github-actions[bot]", bot: true, self: true };

export function applyInMemory(issue: Issue, plan: Plan, at: number): Issue {
  let next: Issue = { ...issue, labels: [...issue.labels], comments: [...issue.comments], history: [...issue.history], assignees: [...issue.assignees] };
  for (const op of plan.operations) {
    switch (op.kind) {
      case "add-labels":
        next = { ...next, labels: [...next.labels, ...op.labels], history: [...next.history, ...op.labels.map((label) => ({ kind: "labeled" as const, label, at, actor: BOT }))] };
        break;
      case "remove-labels":
        next = { ...next, labels: next.labels.filter((l) => !op.labels.includes(l)), history: [...next.history, ...op.labels.map((label) => ({ kind: "unlabeled" as const, label, at, actor: BOT }))] };
        break;
      case "set-priority":
        next = { ...next, labels: [...next.labels.filter((l) => !(op.labels?.remove ?? []).includes(l)), ...(op.labels?.add ?? [])], history: [...next.history, ...(op.labels?.add ?? []).map((label) => ({ kind: "labeled" as const, label, at, actor: BOT }))] };
        break;
      case "comment":
        next = { ...next, comments: [...next.comments, { id: `c${next.comments.length + 1}`, author: BOT, body: `${op.body}${op.mentions.length > 0 ? `\n\ncc ${op.mentions.map((m) => `@${m}`).join(" ")}` : ""}`, createdAt: at, public: true, key: op.key, ...(op.keys === undefined ? {} : { keys: op.keys }) }] };
        break;
      case "edit-comment":
        next = { ...next, comments: next.comments.map((c) => (c.key === op.key || (c.keys ?? []).includes(op.key) ? { ...c, body: op.body, updatedAt: at } : c)) };
        break;
      case "assign":
        next = { ...next, assignees: [...next.assignees, ...op.assignees.map((id) => ({ id }))] };
        break;
      case "reopen":
        next = { ...next, state: "open", closeReason: undefined, history: [...next.history, { kind: "reopened", at, actor: BOT }] };
        break;
      case "close":
        next = { ...next, state: "closed", closeReason: op.closeReason, closedAt: at, history: [...next.history, { kind: "closed", reason: op.closeReason, at, actor: BOT }] };
        break;
      default:
        break;
    }
  }
  return next;
}
