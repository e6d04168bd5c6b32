/**
 * The enhanced search (`/rest/api/3/search/jql`) paging forward from a cursor: the query is
 * evaluated once over the store, the matching keys kept (in the query's order) under an opaque
 * `nextPageToken`, and each later page is a slice of them — so a whole audit reads every issue a
 * bounded number of times, whatever the page size. A token not held any more (forgotten, or
 * another process's) is answered by evaluating the query again and resuming at its position.
 */
import { JiraError } from "./jira-error.ts";
import { compareKeys, compileJql, type JqlContext } from "./jql.ts";
import type { JiraSiteState } from "./site-state.ts";
import type { JiraSnapshotIssue } from "./snapshot-types.ts";

/** Searches kept open at once; the oldest is forgotten first. */
const MAX_CURSORS = 16;

interface Cursor {
  jql: string;
  keys: string[];
}

export interface SearchPage {
  keys: string[];
  /** The token of the next page; absent on the last. */
  nextPageToken?: string;
}

export class SearchCursors {
  readonly #cursors = new Map<string, Cursor>();
  #next = 0;

  /** The keys of the issues a query selects, in its order (key order when it gives none). */
  #evaluate(state: JiraSiteState, jql: string): string[] {
    const context: JqlContext = { site: state.site, me: state.me.accountId, now: state.now };
    const query = compileJql(jql, context);
    const hits: { key: string; sort: (string | number)[] }[] = [];
    for (const key of state.store.keys()) {
      const entry: JiraSnapshotIssue | undefined = state.store.get(key);
      if (entry === undefined || !query.matches(entry)) continue;
      hits.push({ key, sort: query.order.map((term) => query.sortValue(entry, term.field)) });
    }
    const order = query.order.length === 0 ? [{ field: "key", descending: false }] : query.order;
    hits.sort((a, b) => {
      for (const [index, term] of order.entries()) {
        const left = query.order.length === 0 ? a.key : a.sort[index];
        const right = query.order.length === 0 ? b.key : b.sort[index];
        const compared =
          ["key", "issuekey"].includes(term.field.toLowerCase()) && typeof left === "string" && typeof right === "string"
            ? compareKeys(left, right)
            : left === right
              ? 0
              : (left ?? "") < (right ?? "")
                ? -1
                : 1;
        if (compared !== 0) return term.descending ? -compared : compared;
      }
      return compareKeys(a.key, b.key);
    });
    return hits.map((hit) => hit.key);
  }

  /** One page of at most `max` keys, from the start or from a token this search handed out. */
  page(state: JiraSiteState, jql: string, token: string | undefined, max: number): SearchPage {
    let id: string;
    let at = 0;
    let cursor: Cursor | undefined;
    if (token === undefined) {
      id = String((this.#next += 1));
    } else {
      const match = /^(\d+):(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
      if (match === null) throw new JiraError(400, ["The provided next page token is invalid or expired."]);
      id = match[1] ?? "";
      at = Number(match[2]);
      cursor = this.#cursors.get(id);
      if (cursor !== undefined && cursor.jql !== jql) throw new JiraError(400, ["The provided next page token is invalid or expired."]);
    }
    cursor ??= { jql, keys: this.#evaluate(state, jql) };
    this.#cursors.delete(id);
    const keys = cursor.keys.slice(at, at + max);
    const next = at + keys.length;
    if (next >= cursor.keys.length) return { keys };
    this.#cursors.set(id, cursor);
    if (this.#cursors.size > MAX_CURSORS) {
      const oldest = this.#cursors.keys().next().value;
      if (oldest !== undefined) this.#cursors.delete(oldest);
    }
    return { keys, nextPageToken: Buffer.from(`${id}:${next}`).toString("base64url") };
  }
}
