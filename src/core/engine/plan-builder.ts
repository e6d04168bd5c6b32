/**
 * Collects the operations of one evaluation as differences from the actual state: a label that
 * is already there is not added again, a keyed comment that exists is not written again, and a
 * sticky comment is edited only when its text really changed. Everything new the run has to say
 * is one comment: each further notice joins the digest (see `digest.ts`) instead of being a
 * comment of its own, and a sticky that lives in a digest is edited in its own section.
 */
import type { Comment } from "../model.ts";
import type { Assigns } from "../operations/operation-module.ts";
import type { CommentPart, Operation, OperationKind, PlanNotice } from "../plan.ts";
import { isNoticeKey } from "../channels/notice-keys.ts";
import { commentKeys, defuseMarkers, withoutMarker } from "../text/hidden-key.ts";
import { moduleOf } from "../operations/registry.ts";
import { stripHtmlComments } from "../text/scan.ts";
import { joinDigest, splitDigest, toCommentOperation } from "./digest.ts";
import type { Facts } from "./facts.ts";
import type { PlanWriter } from "./plan-writer.ts";

/** Letters and digits only, so rendering differences (Markdown, ADF, mentions) don't count as changes. */
function normaliseBody(text: string): string {
  return stripHtmlComments(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

export interface PlanBuilder extends PlanWriter {
  /** The operations planned so far, the digest of every notice said so far among them. */
  operations(): Operation[];
  /**
   * How many changes were planned so far (a notice joining the digest counts as one). Methods,
   * not getters: with an accessor on this object literal, measured, each evaluation's objects
   * outlived the young generation and garbage collection took a third of the evaluation time.
   */
  changes(): number;
  /** What the report must say beyond the operations (e.g. an escalation level with nobody to reach). */
  notices: PlanNotice[];
  notice(notice: PlanNotice): void;
}

type LabelOp = Extract<Operation, { kind: "add-labels" | "remove-labels" }>;
type EditOp = Extract<Operation, { kind: "edit-comment" }>;

/** Does the comment's text say `body`? Compared as the adapter writes it and reads it back. */
function says(have: string, body: string): boolean {
  const had = normaliseBody(have);
  // A marker inside the text (from a title) is defused when written, so it stays visible text,
  // where a raw one would be dropped as an HTML comment.
  const want = normaliseBody(defuseMarkers(body));
  // The adapter may have appended rendered mentions ("cc @a @b") after the body.
  return had === want || (had.startsWith(want) && had.slice(want.length).startsWith("cc"));
}

export function createPlanBuilder(facts: Facts): PlanBuilder {
  const operations: Operation[] = [];
  const notices: PlanNotice[] = [];
  const written = new Set<string>();
  let merged = 0;
  // The notices of this run's one new comment, and that comment's place in `operations`: the
  // operation of the first notice holds the place, and the digest of all of them replaces it
  // once, when the operations are read (rebuilding it per notice was quadratic in notices).
  const parts: CommentPart[] = [];
  let digest: Operation | undefined;
  let digestParts = 0;
  const settled = (): Operation[] => {
    if (digest !== undefined && digestParts !== parts.length) {
      const op = toCommentOperation(parts);
      if (op !== undefined) {
        operations[operations.indexOf(digest)] = op;
        digest = op;
      }
      digestParts = parts.length;
    }
    return operations;
  };
  // Edits of digests, by comment id: two stickies of one digest are one edit of it (made with the first).
  let edits: Map<string, EditOp> | undefined;
  const say = (part: CommentPart): void => {
    written.add(part.key);
    parts.push(part);
    if (digest !== undefined) return;
    const op = toCommentOperation(parts);
    if (op === undefined) return;
    operations.push(op);
    digest = op;
    digestParts = parts.length;
  };
  /**
   * A sticky that lives in a digest: its section is replaced, the other notices are kept as the
   * tracker shows them. A digest whose sections no longer match its keys (edited by a person) is
   * replaced by the sticky's text whole, still carrying every key so that nothing is said twice.
   */
  const editSection = (existing: Comment, all: readonly string[], key: string, body: string, rule: string, reason: string): void => {
    // Keys of channel notices recorded on the comment have no section: kept, never counted as one.
    const keys = all.filter((k) => !isNoticeKey(k));
    const pending = edits?.get(existing.id);
    const text = pending?.body ?? withoutMarker(existing.body);
    const sections = splitDigest(text);
    const index = keys.indexOf(key);
    const whole = sections.length !== keys.length;
    if (says(whole ? text : (sections[index] ?? ""), body)) return;
    written.add(key);
    if (!whole) sections[index] = body;
    const next = whole ? body : joinDigest(sections);
    if (pending !== undefined) {
      merged++;
      pending.body = next;
      pending.reason = `${pending.reason}; ${reason}`;
      return;
    }
    const op: EditOp = { kind: "edit-comment", key, keys: [...all], commentId: existing.id, body: next, mentions: [], rule, reason };
    (edits ??= new Map<string, EditOp>()).set(existing.id, op);
    operations.push(op);
  };
  /**
   * An issue with a single assignee gets one assignment per plan: the later one replaces an
   * earlier one, since the engine's later modules decide over the earlier ones (an escalation over
   * routing, the file's own rules over both), and of the people it names only the first.
   */
  const assignOne = (operation: Operation, assigns: Assigns<OperationKind>): void => {
    const [person] = assigns.people(operation);
    if (person === undefined) return;
    const earlier = operations.findIndex((op) => moduleOf(op).assigns !== undefined);
    const replaced = operations[earlier];
    if (replaced !== undefined) {
      operations.splice(earlier, 1);
      const them = moduleOf(replaced).assigns?.people(replaced) ?? [];
      facts.trace.push({ rule: operation.rule, fired: true, notes: [`one assignee on this tracker: ${person} (${operation.reason}) instead of ${them.join(", ")} (${replaced.reason})`] });
    }
    // The module of the operation's kind cuts it: an operation of that kind.
    operations.push(assigns.only(operation, person) as Operation);
  };
  // Label changes made earlier in this plan, so that a later opposite change cancels them: the
  // plan holds only the net difference, and no run adds and removes the same label. Each map is
  // made with the first change of its kind (many plans remove no label).
  let added: Map<string, LabelOp> | undefined;
  let removed: Map<string, LabelOp> | undefined;
  const cancel = (ops: Map<string, LabelOp> | undefined, label: string): boolean => {
    if (ops === undefined || ops.size === 0) return false;
    const op = ops.get(label.toLowerCase());
    if (!op) return false;
    ops.delete(label.toLowerCase());
    op.labels = op.labels.filter((l) => l.toLowerCase() !== label.toLowerCase());
    if (op.labels.length === 0) operations.splice(operations.indexOf(op), 1);
    return true;
  };
  return {
    operations: settled,
    addLabels(labels, rule, reason) {
      const missing: string[] = [];
      for (let i = 0; i < labels.length; i++) {
        const label = labels[i] as string;
        // Each label once (a few labels: a scan, not a Set per call).
        if (labels.indexOf(label) < i || facts.labels.has(label)) continue;
        facts.labels.add(label);
        if (!cancel(removed, label)) missing.push(label);
      }
      if (missing.length === 0) return;
      const op: LabelOp = { kind: "add-labels", labels: missing, rule, reason };
      added ??= new Map<string, LabelOp>();
      for (const l of missing) added.set(l.toLowerCase(), op);
      operations.push(op);
    },
    removeLabels(labels, rule, reason) {
      const present: string[] = [];
      for (let i = 0; i < labels.length; i++) {
        const label = labels[i] as string;
        if (labels.indexOf(label) < i) continue;
        const spelling = facts.labels.spelling(label);
        if (spelling === undefined) continue;
        facts.labels.delete(label);
        if (!cancel(added, label)) present.push(spelling);
      }
      if (present.length === 0) return;
      const op: LabelOp = { kind: "remove-labels", labels: present, rule, reason };
      removed ??= new Map<string, LabelOp>();
      for (const l of present) removed.set(l.toLowerCase(), op);
      operations.push(op);
    },
    changes() {
      // Notices merged into the digest and sections merged into one edit count as changes too.
      return operations.length + Math.max(0, parts.length - 1) + merged;
    },
    commentOnce(key, body, mentions, rule, reason) {
      if (written.has(key) || facts.ownComment(key)) return;
      say({ key, body, mentions: [...mentions], rule, reason });
    },
    sticky(key, body, mentions, rule, reason, create = true) {
      if (written.has(key)) return;
      const existing = facts.ownComment(key);
      if (!existing) {
        if (create) say({ key, body, mentions: [...mentions], rule, reason, sticky: true });
        return;
      }
      const keys = commentKeys(existing);
      if (keys.length <= 1) {
        if (says(existing.body, body)) return;
        written.add(key);
        operations.push({ kind: "edit-comment", key, commentId: existing.id, body, mentions: [...mentions], rule, reason });
        return;
      }
      editSection(existing, keys, key, body, rule, reason);
    },
    push(operation) {
      const assigns = moduleOf(operation).assigns;
      if (assigns !== undefined && facts.issue.capabilities.singleAssignee) {
        assignOne(operation, assigns);
        return;
      }
      operations.push(operation);
    },
    noticeKeys: [],
    notices,
    notice(notice) {
      notices.push(notice);
    },
  };
}
