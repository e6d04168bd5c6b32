/**
 * The few fields of GitHub REST objects (issue, issue comment, timeline event) that the converter
 * reads and the snapshot tracker writes. Every field is optional and may be null: these objects
 * come from the API or from a hand-edited snapshot, and the reader checks each value at runtime.
 * Other fields are kept as they are (`[key: string]: unknown`).
 */

/** `simple-user`: the author, actor or assignee of something. */
export interface RestUser {
  login?: string;
  name?: string | null;
  /** `User`, `Bot` or `Organization`. */
  type?: string;
  [key: string]: unknown;
}

export interface RestLabel {
  name?: string;
  [key: string]: unknown;
}

/** `issue-field-value`: a value of an organisation-level issue field on one issue. */
export interface RestIssueFieldValue {
  issue_field_id?: number;
  issue_field_name?: string;
  /** `text`, `single_select`, `multi_select`, `number` or `date`. */
  data_type?: string;
  /** Text, date or number; for a single select the option id; for a multi select the names joined by commas. */
  value?: string | number | null;
  single_select_option?: { id?: number; name?: string; [key: string]: unknown } | null;
  multi_select_options?: { id?: number; name?: string; [key: string]: unknown }[] | null;
  [key: string]: unknown;
}

export interface RestIssue {
  number?: number;
  title?: string;
  body?: string | null;
  /** Label objects, or bare names in some payloads. */
  labels?: (RestLabel | string)[];
  state?: string;
  /** `completed`, `not_planned`, `duplicate`, `reopened` or null. */
  state_reason?: string | null;
  user?: RestUser | null;
  assignee?: RestUser | null;
  assignees?: RestUser[] | null;
  created_at?: string;
  updated_at?: string;
  closed_at?: string | null;
  closed_by?: RestUser | null;
  author_association?: string;
  /** Present (an object) only on pull requests. */
  pull_request?: Record<string, unknown> | null;
  html_url?: string;
  /** The issue type, where the organisation uses issue types. */
  type?: { name?: string; [key: string]: unknown } | null;
  issue_field_values?: RestIssueFieldValue[];
  /** Number of comments. */
  comments?: number;
  [key: string]: unknown;
}

export interface RestComment {
  id?: number;
  user?: RestUser | null;
  body?: string | null;
  created_at?: string;
  updated_at?: string;
  author_association?: string;
  [key: string]: unknown;
}

/** A reaction to a comment, as `GET /repos/{owner}/{repo}/issues/comments/{id}/reactions` returns it. */
export interface RestReaction {
  id?: number;
  user?: RestUser | null;
  /** `+1`, `-1`, `laugh`, `confused`, `heart`, `hooray`, `rocket` or `eyes`. */
  content?: string;
  created_at?: string;
  [key: string]: unknown;
}

/**
 * A timeline event. `commented` events carry the fields of a comment as well; the others are
 * labeled/unlabeled, closed/reopened, assigned/unassigned and issue_type_added/changed/removed.
 */
export interface RestTimelineEvent extends RestComment {
  event?: string;
  actor?: RestUser | null;
  label?: RestLabel | null;
  assignee?: RestUser | null;
  state_reason?: string | null;
  issue_type?: { name?: string; [key: string]: unknown } | null;
  prev_issue_type?: { name?: string; [key: string]: unknown } | null;
}
