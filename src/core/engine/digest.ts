/**
 * One voice per issue per run: every notice a run has for one issue becomes one comment (a
 * digest) that carries every hidden key it stands for. The notices are sections separated by a
 * rule line; state comments (missing information, closure checklist) come first, so that an edit
 * of one of them later replaces its own section and keeps the others word for word.
 */
import type { CommentPart, Operation } from "../plan.ts";

type CommentOp = Extract<Operation, { kind: "comment" }>;

/** Between two notices of a digest: a Markdown rule (an ADF `rule` node on Jira), read back as `---`. */
export const DIGEST_SEPARATOR = "\n\n---\n\n";

const SEPARATOR = /\r?\n\r?\n---\r?\n\r?\n/;

/** A one-line footnote (how the priority was set): after everything else, whatever its kind. */
const isFootnote = (part: CommentPart): boolean => part.key.endsWith("/footnote");

/** Parts in digest order: state comments first, then the notices, then footnotes, each group as it came. */
function ordered(parts: readonly CommentPart[]): CommentPart[] {
  // Most digests come in order already (state comments are said first): one pass to tell.
  let group = 0;
  let inOrder = true;
  for (const p of parts) {
    const g = isFootnote(p) ? 2 : p.sticky === true ? 0 : 1;
    if (g < group) {
      inOrder = false;
      break;
    }
    group = g;
  }
  if (inOrder) return parts.slice();
  const sticky: CommentPart[] = [];
  const notices: CommentPart[] = [];
  const footnotes: CommentPart[] = [];
  for (const p of parts) (isFootnote(p) ? footnotes : p.sticky === true ? sticky : notices).push(p);
  return [...sticky, ...notices, ...footnotes];
}

/** The comment operation for one or more notices: a plain keyed comment for one, a digest for more. */
export function toCommentOperation(input: readonly CommentPart[]): CommentOp | undefined {
  const head = input[0];
  if (head === undefined) return undefined;
  if (input.length === 1) return { kind: "comment", key: head.key, body: head.body, mentions: head.mentions.slice(), rule: head.rule, reason: head.reason };
  const parts = ordered(input);
  const first = parts[0] as CommentPart;
  // Plain loops: a digest is built once per run, but a Set and flatMap per build showed in profiles.
  const keys: string[] = [];
  const mentions: string[] = [];
  let body = "";
  let reason = "";
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as CommentPart;
    keys.push(p.key);
    for (const m of p.mentions) if (!mentions.includes(m)) mentions.push(m);
    body += i === 0 ? p.body.trim() : DIGEST_SEPARATOR + p.body.trim();
    reason += i === 0 ? `${p.key}: ${p.reason}` : `; ${p.key}: ${p.reason}`;
  }
  return { kind: "comment", key: first.key, keys, parts, body, mentions, rule: first.rule, reason };
}

/** Every key a comment or edit operation stands for, in order. */
export const operationKeys = (op: { key: string; keys?: readonly string[] | undefined }): readonly string[] =>
  op.keys !== undefined && op.keys.length > 0 ? op.keys : [op.key];

/**
 * The comment operation without the notices whose keys are already posted (by a racing run):
 * the same operation when none is, a smaller digest when some are, undefined when all are.
 */
export function withoutPostedKeys(op: CommentOp, posted: ReadonlySet<string>): CommentOp | undefined {
  const keys = operationKeys(op);
  if (!keys.some((key) => posted.has(key))) return op;
  if (op.parts === undefined) return undefined;
  return toCommentOperation(op.parts.filter((part) => !posted.has(part.key)));
}

/** The sections of a digest's text (as a tracker gives it back), one per key when untouched. */
export function splitDigest(text: string): string[] {
  return text.split(SEPARATOR);
}

/** A digest's text from its sections. */
export const joinDigest = (sections: readonly string[]): string => sections.map((s) => s.trim()).join(DIGEST_SEPARATOR);

/** The notices of a comment operation: its parts for a digest, the comment itself otherwise. */
export function commentParts(op: CommentOp): CommentPart[] {
  return op.parts ?? [{ key: op.key, body: op.body, mentions: op.mentions, rule: op.rule, reason: op.reason }];
}
