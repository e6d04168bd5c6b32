/**
 * The order issues are listed in (GraphQL `issues(orderBy:)`, REST `GET …/issues`), for paging
 * forward from a cursor or by page number. A listing's first page reads the store once into small
 * rows (number, dates, state) — or takes them from the store's own summaries, when it keeps them
 * (a snapshot file does, made as it is read and on every write) — keeps those that match and sorts them; the following pages are
 * slices of those rows, so that a whole audit reads each entry once for the order and once for
 * its page. The entries of a page are read afresh.
 */
import type { IssueStore } from "../../core/issue-store.ts";
import type { GithubSnapshotEntry } from "./snapshot-entry.ts";

export interface ListingRow {
  key: string;
  number: number;
  created: number;
  updated: number;
  open: boolean;
  pullRequest: boolean;
}

export type ListingOrder = { field: "created" | "updated" | "number"; direction: 1 | -1 };

export interface ListingFilter {
  /** Only open (true) or closed (false) issues; undefined: both. */
  open?: boolean | undefined;
  /** Only issues updated at or after this instant (ms). */
  since?: number | undefined;
  /** Leave pull requests out (GraphQL `issues` does; REST lists them). */
  issuesOnly?: boolean;
}

const time = (value: unknown): number => (typeof value === "string" ? Date.parse(value) : Number.NaN);

/** A row of an entry as it is now. */
export function toRow(key: string, entry: GithubSnapshotEntry): ListingRow {
  const issue = entry.issue;
  return {
    key,
    number: typeof issue.number === "number" ? issue.number : Number(key),
    created: time(issue.created_at),
    updated: time(issue.updated_at ?? issue.created_at),
    open: issue.state !== "closed",
    pullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
  };
}

/** Does the row pass the filter? */
export function matches(row: ListingRow, filter: ListingFilter): boolean {
  if (filter.issuesOnly === true && row.pullRequest) return false;
  if (filter.open !== undefined && row.open !== filter.open) return false;
  return filter.since === undefined || row.updated >= filter.since;
}

const compare =
  (order: ListingOrder) =>
  (a: ListingRow, b: ListingRow): number => {
    const value = (row: ListingRow) => (order.field === "number" ? row.number : row[order.field]);
    return order.direction * (value(a) - value(b) || 0) || a.number - b.number;
  };

export interface ListingPage {
  /** The rows of the page, with their positions in the listing (for cursors and page numbers). */
  rows: { row: ListingRow; position: number }[];
  totalCount: number;
  hasNextPage: boolean;
}

/**
 * The listings of one repository. Each listing (an order and a filter) keeps the matching rows,
 * in order, from when its first page was asked, so that its pages neither skip nor repeat issues
 * while the run changes them; listings started by the same request share one read of the store.
 */
export class IssueListing {
  private rows: ListingRow[] = [];
  private rowsFor: number | undefined;
  private readonly listings = new Map<string, ListingRow[]>();

  private readonly store: IssueStore<GithubSnapshotEntry>;
  private readonly rowOf: ((key: string) => ListingRow | undefined) | undefined;

  /** `rowOf`, when given, has each issue's row as it is now without the entry being read. */
  constructor(store: IssueStore<GithubSnapshotEntry>, rowOf?: (key: string) => ListingRow | undefined) {
    this.store = store;
    this.rowOf = rowOf;
  }

  /**
   * The `first` rows after `after` (-1: from the start) of the listing. `request` starts the
   * listing afresh (a first page); undefined continues it (a page after a cursor).
   */
  page(order: ListingOrder, filter: ListingFilter, after: number, first: number, request: number | undefined): ListingPage {
    const key = `${order.field}:${order.direction}:${String(filter.open)}:${String(filter.since)}:${String(filter.issuesOnly)}`;
    let listing = request === undefined ? this.listings.get(key) : undefined;
    if (listing === undefined) {
      listing = this.read(request).filter((row) => matches(row, filter)).sort(compare(order));
      this.listings.set(key, listing);
    }
    const start = Math.max(after + 1, 0);
    const rows = listing.slice(start, start + first).map((row, i) => ({ row, position: start + i }));
    return { rows, totalCount: listing.length, hasNextPage: start + rows.length < listing.length };
  }

  private read(request: number | undefined): ListingRow[] {
    if (request !== undefined && this.rowsFor === request) return this.rows;
    const rows: ListingRow[] = [];
    for (const key of this.store.keys()) {
      const known = this.rowOf?.(key);
      if (known !== undefined) {
        rows.push(known);
        continue;
      }
      const entry = this.store.get(key);
      if (entry !== undefined) rows.push(toRow(key, entry));
    }
    this.rows = rows;
    this.rowsFor = request;
    return rows;
  }
}
