/**
 * How the in-memory Jira answers with its issues: `GET /issue` and the search embed the first
 * page of comments (without their properties) and, with `expand=changelog`, of histories, and
 * the issue properties asked for; the comment and changelog endpoints page through the rest.
 * Answers share the stored values (they may nest deeper than a structured clone goes): they are
 * meant to be serialised, not changed.
 */
import type { JiraComment, JiraHistory } from "../to-core-issue.ts";
import { isRecord } from "../../core/json-checks.ts";
import type { SiteJson } from "./site.ts";
import type { JiraSnapshotIssue } from "./snapshot-types.ts";

export interface IssueJsonOptions {
  changelog: boolean;
  /** Issue property keys to include; `*all` for every one. */
  properties: readonly string[];
  /** Comments and histories embedded (Jira: up to 100). */
  page: number;
}

const idOf = (entry: JiraSnapshotIssue): string => String(entry.id ?? entry.key);

const commentsIn = (entry: JiraSnapshotIssue): JiraComment[] =>
  isRecord(entry.fields) && isRecord(entry.fields.comment) && Array.isArray(entry.fields.comment.comments) ? entry.fields.comment.comments : [];

const historiesIn = (entry: JiraSnapshotIssue): JiraHistory[] => (Array.isArray(entry.changelog?.histories) ? entry.changelog.histories : []);

/** A comment as Jira answers it; its properties only when asked for (`expand=properties`). */
export function commentJson(json: SiteJson, entry: JiraSnapshotIssue, comment: JiraComment, withProperties: boolean): Record<string, unknown> {
  const { properties, ...rest } = comment;
  return {
    self: json.self(`issue/${idOf(entry)}/comment/${String(comment.id)}`),
    ...rest,
    ...(withProperties ? { properties: properties ?? [] } : {}),
  };
}

export function historyJson(history: JiraHistory): Record<string, unknown> {
  return { ...history };
}

/** The issue as `GET /issue/{key}` (or one hit of the search) returns it. */
export function issueJson(json: SiteJson, entry: JiraSnapshotIssue, options: IssueJsonOptions): Record<string, unknown> {
  const comments = commentsIn(entry);
  const { comment: _comment, ...fields } = isRecord(entry.fields) ? entry.fields : {};
  const answer: Record<string, unknown> = {
    expand: "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
    id: idOf(entry),
    self: json.self(`issue/${idOf(entry)}`),
    key: entry.key,
    fields: {
      ...fields,
      comment: {
        comments: comments.slice(0, options.page).map((comment) => commentJson(json, entry, comment, false)),
        self: json.self(`issue/${idOf(entry)}/comment`),
        maxResults: options.page,
        total: comments.length,
        startAt: 0,
      },
    },
  };
  if (options.changelog) {
    const histories = historiesIn(entry);
    answer.changelog = { startAt: 0, maxResults: options.page, total: histories.length, histories: histories.slice(0, options.page).map(historyJson) };
  }
  if (options.properties.length > 0) {
    const properties = isRecord(entry.properties) ? entry.properties : {};
    const wanted = options.properties.includes("*all") ? Object.keys(properties) : options.properties;
    answer.properties = Object.fromEntries(wanted.filter((key) => Object.hasOwn(properties, key)).map((key) => [key, properties[key]]));
  }
  return answer;
}

/** `GET /issue/{key}/changelog`: histories from `startAt`, oldest first. */
export function changelogPage(entry: JiraSnapshotIssue, startAt: number, maxResults: number): Record<string, unknown> {
  const histories = historiesIn(entry);
  const values = histories.slice(startAt, startAt + maxResults).map(historyJson);
  return { startAt, maxResults, total: histories.length, isLast: startAt + values.length >= histories.length, values };
}

/** `GET /issue/{key}/comment`: oldest first unless `-created`, as Jira orders them. */
export function commentPage(json: SiteJson, entry: JiraSnapshotIssue, options: { startAt: number; maxResults: number; newestFirst: boolean; withProperties: boolean }): Record<string, unknown> {
  const all = commentsIn(entry);
  const ordered = options.newestFirst ? [...all].reverse() : all;
  const comments = ordered.slice(options.startAt, options.startAt + options.maxResults).map((comment) => commentJson(json, entry, comment, options.withProperties));
  return { startAt: options.startAt, maxResults: options.maxResults, total: all.length, comments };
}
