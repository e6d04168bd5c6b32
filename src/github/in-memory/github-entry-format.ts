/**
 * How a snapshot store reads GitHub issue entries: the checks of one entry, its key (the issue
 * number) and the catalog folded over all of them.
 */
import type { EntryFormat } from "../../core/issue-store.ts";
import { checkGithubEntry } from "./check-github-entry.ts";
import { catalogFold, type GithubCatalog } from "./github-catalog.ts";
import { type ListingRow, toRow } from "./issue-listing.ts";
import type { GithubSnapshotEntry } from "./snapshot-entry.ts";

/** The store key of an issue: its number, as text. */
export const githubKeyOf = (entry: GithubSnapshotEntry): string => String(entry.issue.number);

/** What a listing sorts and filters an entry on: a store that keeps it per issue spares the listing a read of every entry. */
export const githubListingRow = (entry: GithubSnapshotEntry): ListingRow => toRow(githubKeyOf(entry), entry);

export const githubEntryFormat: EntryFormat<GithubSnapshotEntry, GithubCatalog> = {
  tracker: "github",
  check(value, path) {
    const problems: string[] = [];
    checkGithubEntry(value, path, problems);
    return problems;
  },
  keyOf: githubKeyOf,
  catalog: (header) => catalogFold(header),
};
