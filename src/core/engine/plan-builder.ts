/**
 * Collects the operations of one evaluation as differences from the actual state: a label that
 * is already there is not added again, a keyed comment that exists is not written again, and a
 * sticky comment is edited only when its text really changed.
 */
import type { Operation, PlanNotice } from "../plan.ts";
import { defuseMarkers } from "../text/hidden-key.ts";
import { stripHtmlComments } from "../text/scan.ts";
import type { Facts } from "./facts.ts";

/** Letters and digits only, so rendering differences (Markdown, ADF, mentions) don't count as changes. */
function normaliseBody(text: string): string {
  return stripHtmlComments(text)
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
  /** What the report must say beyond the operations (e.g. an escalation level with nobody to reach). */
  notices: PlanNotice[];
  notice(notice: PlanNotice): void;
}

type LabelOp = Extract<Operation, { kind: "add-labels" | "remove-labels" }>;

export function createPlanBuilder(facts: Facts): PlanBuilder {
  const operations: Operation[] = [];
  const notices: PlanNotice[] = [];
  const written = new Set<string>();
  // Label changes made earlier in this plan, so that a later opposite change cancels them: the
  // plan holds only the net difference, and no run adds and removes the same label.
  const added = new Map<string, LabelOp>();
  const removed = new Map<string, LabelOp>();
  const cancel = (ops: Map<string, LabelOp>, label: string): boolean => {
    const op = ops.get(label.toLowerCase());
    if (!op) return false;
    ops.delete(label.toLowerCase());
    op.labels = op.labels.filter((l) => l.toLowerCase() !== label.toLowerCase());
    if (op.labels.length === 0) operations.splice(operations.indexOf(op), 1);
    return true;
  };
  return {
    operations,
    addLabels(labels, rule, reason) {
      const missing: string[] = [];
      for (const label of new Set(labels)) {
        if (facts.labels.has(label)) continue;
        facts.labels.add(label);
        if (!cancel(removed, label)) missing.push(label);
      }
      if (missing.length === 0) return;
      const op: LabelOp = { kind: "add-labels", labels: missing, rule, reason };
      for (const l of missing) added.set(l.toLowerCase(), op);
      operations.push(op);
    },
    removeLabels(labels, rule, reason) {
      const present: string[] = [];
      for (const label of new Set(labels)) {
        const spelling = facts.labels.spelling(label);
        if (spelling === undefined) continue;
        facts.labels.delete(label);
        if (!cancel(added, label)) present.push(spelling);
      }
      if (present.length === 0) return;
      const op: LabelOp = { kind: "remove-labels", labels: present, rule, reason };
      for (const l of present) removed.set(l.toLowerCase(), op);
      operations.push(op);
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
      // Compared as the adapter writes it: a marker inside the text (from a title) is defused
      // there, so it stays visible text, where a raw one would be dropped as an HTML comment.
      const want = normaliseBody(defuseMarkers(body));
      // The adapter may have appended rendered mentions ("cc @a @b") after the body.
      if (have === want || (have.startsWith(want) && have.slice(want.length).startsWith("cc"))) return;
      written.add(key);
      operations.push({ kind: "edit-comment", key, commentId: existing.id, body, mentions: [...mentions], rule, reason });
    },
    push(operation) {
      operations.push(operation);
    },
    notices,
    notice(notice) {
      notices.push(notice);
    },
  };
}
