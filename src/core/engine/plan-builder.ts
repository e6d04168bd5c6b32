/**
 * Collects the operations of one evaluation as differences from the actual state: a label that
 * is already there is not added again, a keyed comment that exists is not written again, and a
 * sticky comment is edited only when its text really changed.
 */
import type { Operation } from "../plan.ts";
import type { Facts } from "./facts.ts";

/** Letters and digits only, so rendering differences (Markdown, ADF, mentions) don't count as changes. */
function normaliseBody(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

export interface PlanBuilder {
  operations: Operation[];
  addLabels(labels: readonly string[], rule: string, reason: string): void;
  removeLabels(labels: readonly string[], rule: string, reason: string): void;
  /** Write a keyed comment once; never again while a comment with that key exists. */
  commentOnce(key: string, body: string, mentions: readonly string[], rule: string, reason: string): void;
  /** Keep the keyed comment's text equal to `body`: write it, or edit it in place. */
  sticky(key: string, body: string, mentions: readonly string[], rule: string, reason: string, create?: boolean): void;
  push(operation: Operation): void;
}

export function createPlanBuilder(facts: Facts): PlanBuilder {
  const operations: Operation[] = [];
  const written = new Set<string>();
  return {
    operations,
    addLabels(labels, rule, reason) {
      const missing = [...new Set(labels)].filter((l) => !facts.labels.has(l));
      if (missing.length === 0) return;
      for (const l of missing) facts.labels.add(l);
      operations.push({ kind: "add-labels", labels: missing, rule, reason });
    },
    removeLabels(labels, rule, reason) {
      const present = [...new Set(labels)].filter((l) => facts.labels.has(l));
      if (present.length === 0) return;
      for (const l of present) facts.labels.delete(l);
      operations.push({ kind: "remove-labels", labels: present, rule, reason });
    },
    commentOnce(key, body, mentions, rule, reason) {
      if (written.has(key) || facts.ownComment(key)) return;
      written.add(key);
      operations.push({ kind: "comment", key, body, mentions: [...mentions], rule, reason });
    },
    sticky(key, body, mentions, rule, reason, create = true) {
      if (written.has(key)) return;
      const existing = facts.ownComment(key);
      if (!existing) {
        if (!create) return;
        written.add(key);
        operations.push({ kind: "comment", key, body, mentions: [...mentions], rule, reason });
        return;
      }
      const have = normaliseBody(existing.body);
      const want = normaliseBody(body);
      // The adapter may have appended rendered mentions ("cc @a @b") after the body.
      if (have === want || (have.startsWith(want) && have.slice(want.length).startsWith("cc"))) return;
      written.add(key);
      operations.push({ kind: "edit-comment", key, commentId: existing.id, body, mentions: [...mentions], rule, reason });
    },
    push(operation) {
      operations.push(operation);
    },
  };
}
