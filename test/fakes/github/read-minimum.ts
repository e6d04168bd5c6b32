/**
 * The fewest GraphQL requests an audit read can take under GitHub's limits, for tests and the
 * benchmark to hold the adapter to: issues come in pages of at most 100 (page k needs the cursor
 * of page k − 1), an issue's comments and events in pages of at most 100 (each page needs the
 * cursor of the one before, so an issue on page k with c comments is complete after no fewer
 * than k + ⌈(c − 100) / 100⌉ requests), and no request returns more than 500,000 nodes.
 */
import { MAX_NODES, MAX_PAGE } from "./graphql-limits.ts";

/** One issue's size: comments and (read) history events. */
export interface IssueSize {
  comments: number;
  events: number;
}

const morePages = (count: number): number => Math.max(0, Math.ceil((count - MAX_PAGE) / MAX_PAGE));

/** The minimum number of GraphQL requests to read these issues (in page order) completely. */
export function minimumReads(issues: readonly IssueSize[], pageSize = MAX_PAGE): number {
  const pages = Math.max(1, Math.ceil(issues.length / pageSize));
  let chain = pages;
  let followUps = 0;
  issues.forEach((issue, i) => {
    const rounds = Math.max(morePages(issue.comments), morePages(issue.events));
    chain = Math.max(chain, Math.floor(i / pageSize) + 1 + rounds);
    followUps += morePages(issue.comments) + morePages(issue.events);
  });
  // Every follow-up page may return 100 nodes; the page requests carry the rest.
  return Math.max(chain, Math.ceil((pages + followUps) / Math.floor(MAX_NODES / MAX_PAGE)));
}
