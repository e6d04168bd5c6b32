/**
 * Candidates for similar past cases through JQL: the report's project, issues done, any of the
 * report's terms in their text (Jira's `text` covers the summary, description, environment,
 * comments and text fields, where a root cause is written), most recently updated first.
 */
import type { CaseSearchQuery } from "../core/case-search.ts";

/**
 * A term as a JQL text search reads it literally: Lucene's operators (`+ - & | ! ( ) { } [ ] ^
 * ~ * ? \ /` and quotes) would change the search or fail it, so only letters, digits and spaces
 * are kept.
 */
const literal = (term: string): string => term.replace(/[^\p{L}\p{N}\s]+/gu, " ").replace(/\s+/g, " ").trim();

/** The project key of an issue key (`PAY-12` → `PAY`); undefined for anything else. */
export const projectOf = (key: string): string | undefined => /^([A-Z][A-Z0-9_]*)-\d+$/i.exec(key.trim())?.[1];

/** The JQL of a case search; undefined when the report is no issue of a project or has no usable term. */
export function solvedIssuesJql(query: CaseSearchQuery): string | undefined {
  const project = projectOf(query.issue);
  const terms = [...new Set(query.terms.map(literal).filter((t) => t !== ""))];
  if (project === undefined || terms.length === 0) return undefined;
  const text = terms.map((t) => `text ~ "${t}"`).join(" OR ");
  return `project = "${project}" AND statusCategory = Done AND key != "${query.issue.trim()}" AND (${text}) ORDER BY updated DESC`;
}
