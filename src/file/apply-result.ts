/**
 * What applying one operation to a snapshot did: changed it, found nothing to change (the
 * snapshot already is as asked), or failed with a message for the report.
 */
export type ApplyOutcome = { ok: true; changed: boolean; alreadyDone?: true } | { ok: false; error: string };

export const changed = (didChange: boolean): ApplyOutcome => ({ ok: true, changed: didChange });

/** A keyed comment the tool's own account has already posted: nothing to write, not a failure. */
export const alreadyDone = (): ApplyOutcome => ({ ok: true, changed: false, alreadyDone: true });
export const failed = (error: string): ApplyOutcome => ({ ok: false, error });

/** What every applier needs besides the issue: who writes, when, and fresh ids. */
export interface ApplyContext {
  /** GitHub login or Jira accountId of the tool. */
  botLogin: string;
  now: number;
  /** A number not yet used as an id of a comment, event or history entry in this snapshot. */
  nextId: () => number;
}

/** Mentions rendered after a body, `cc @a @b`, as on GitHub. */
export const renderMentions = (mentions: readonly string[]): string =>
  mentions.length === 0 ? "" : `\n\ncc ${mentions.map((login) => `@${login}`).join(" ")}`;
