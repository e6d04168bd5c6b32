/**
 * What the engine reads of an issue through its tracker's declared capabilities, so that every
 * module decides the same way: an issue type only where the tracker has issue types, a comment
 * hidden from the reporter only where the tracker has internal comments, and one person to
 * assign where an issue has a single assignee.
 */
import type { Issue } from "../model.ts";

/**
 * The issue as its tracker can have it: no type where the tracker has no issue types, and every
 * comment public where it has no internal comments, whatever the adapter or snapshot sent. The
 * same object when nothing differs (the usual case), so evaluating costs nothing more.
 */
export function asDeclared(issue: Issue): Issue {
  const { issueTypes, internalComments } = issue.capabilities;
  const typed = !issueTypes && issue.type !== undefined;
  const hidden = !internalComments && issue.comments.some((c) => !c.public);
  if (!typed && !hidden) return issue;
  return {
    ...issue,
    ...(typed ? { type: undefined } : {}),
    ...(hidden ? { comments: issue.comments.map((c) => (c.public ? c : { ...c, public: true })) } : {}),
  };
}

/**
 * The people an assignment names, as many as the issue can hold: on a single-assignee tracker
 * the first one only (the one the rule names first), so that the plan never depends on which of
 * several assignments the tracker keeps.
 */
export function assignable(issue: Issue, people: readonly string[]): string[] {
  return issue.capabilities.singleAssignee ? people.slice(0, 1) : [...people];
}
