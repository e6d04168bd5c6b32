/**
 * What GitHub Issues can do, as the core sees it: priority lives in labels (or an issue field),
 * there is no workflow, and an issue can have several assignees.
 */
import type { TrackerCapabilities } from "../core/model.ts";

/** GitHub's capabilities; `source` is the rule file's `github:` keys. */
export const GITHUB_CAPABILITIES: TrackerCapabilities = Object.freeze({
  source: "github",
  nativePriority: false,
  workflowStatus: false,
  issueTypes: true,
  internalComments: false,
  singleAssignee: false,
});
