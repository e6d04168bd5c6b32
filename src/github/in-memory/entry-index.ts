/**
 * Where GitHub answers by id — a comment by its id, an issue by its node id — the in-memory GitHub
 * finds the issue through this index instead of scanning the store per request. Entries are noted
 * as they are read or written; an id not noted yet is looked for by going on through the store
 * from where the last look stopped, so that all looks together read each entry at most once.
 */
import type { IssueStore } from "../../core/issue-store.ts";
import { commentsOf, type GithubSnapshotEntry } from "./snapshot-entry.ts";

/** The node id of an issue: its own, or one made from its number when the entry has none. */
export const issueNodeId = (issue: GithubSnapshotEntry["issue"]): string =>
  typeof issue.node_id === "string" && issue.node_id !== "" ? issue.node_id : `I_n${String(issue.number)}`;

export class EntryIndex {
  private readonly comments = new Map<number, string>();
  private readonly nodes = new Map<string, string>();
  private rest: Iterator<string> | undefined;
  private done = false;

  private readonly store: IssueStore<GithubSnapshotEntry>;

  constructor(store: IssueStore<GithubSnapshotEntry>) {
    this.store = store;
  }

  /** Note the ids an entry holds now (after a read or a write). */
  note(key: string, entry: GithubSnapshotEntry): void {
    this.nodes.set(issueNodeId(entry.issue), key);
    for (const comment of commentsOf(entry)) if (typeof comment.id === "number") this.comments.set(comment.id, key);
  }

  /** A comment is gone: forget where it was. */
  forgetComment(id: number): void {
    this.comments.delete(id);
  }

  /** The key of the issue that holds the comment, or undefined. */
  commentKey(id: number): string | undefined {
    return this.find(() => this.comments.get(id));
  }

  /** The key of the issue with this node id, or undefined. */
  nodeKey(id: string): string | undefined {
    const derived = /^I_n(\d+)$/.exec(id);
    if (derived !== null && this.store.get(derived[1] as string)?.issue.node_id === undefined && this.store.has(derived[1] as string)) return derived[1];
    return this.find(() => this.nodes.get(id));
  }

  private find(look: () => string | undefined): string | undefined {
    const known = look();
    if (known !== undefined || this.done) return known;
    this.rest ??= this.store.keys();
    for (let next = this.rest.next(); !next.done; next = this.rest.next()) {
      const entry = this.store.get(next.value);
      if (entry !== undefined) this.note(next.value, entry);
      const found = look();
      if (found !== undefined) return found;
    }
    this.done = true;
    return undefined;
  }
}
