/**
 * What Jira adds to the rule file: a field's Jira fields and headings (`fields.<name>.jira`, which
 * reads the issue form's headings when it names none), a level's Jira priority name
 * (`priority.levels.<level>.jira`), team by Jira group or project role (`team.groups`), and the
 * project and issue type alert issues are opened with (`alerts.project`, `alerts.issue-type`).
 * Registered in `src/config/trackers.ts`.
 */
import { z } from "zod";
import { Id, StringList } from "../core/rules/name-schemas.ts";
import type { ParsedShape as Parsed, TrackerRuleSettings } from "../core/rules/tracker-rule-settings.ts";
import { JIRA_CAPABILITIES } from "./capabilities.ts";

/** One or many, as a list. */
const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** `fields.<name>.jira`: where the answer is on Jira. */
const FieldLocation = z
  .strictObject({
    field: StringList.optional().meta({ description: "Jira field name(s) or id(s) (customfield_10010) holding the answer." }),
    section: StringList.optional().meta({ description: "Heading(s) inside the description or a comment." }),
  })
  .optional()
  .meta({ description: "Where the answer is on Jira." });

const LEVEL = {
  jira: z.string().optional().meta({ description: "Jira priority name of this level (Highest, High, Medium, Low)." }),
};

const TEAM = {
  groups: z.array(z.string()).default([]).meta({ description: "Jira groups or project roles that count as team." }),
};

const ALERTS = {
  project: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, { message: "expected a Jira project key such as OPS" })
    .optional()
    .meta({ description: "Jira: the project key alert issues are opened in, e.g. OPS." }),
  "issue-type": Id.default("Bug").meta({ description: "Jira: the issue type of alert issues (default Bug)." }),
};

/** Jira's rule settings; its key is its capabilities' `source`. */
export const JIRA_RULE_SETTINGS: TrackerRuleSettings = Object.freeze({
  name: JIRA_CAPABILITIES.source,
  capabilities: JIRA_CAPABILITIES,
  title: "Jira",
  product: "Jira",
  personIds: "Jira accountIds",
  answerOptions: "the Jira select options",
  components: true,
  field: {
    schema: FieldLocation,
    read(spec: unknown) {
      const at = spec as z.output<typeof FieldLocation>;
      return { sections: at?.section === undefined ? undefined : list(at.section), fields: list(at?.field) };
    },
    sharesSections: true,
  },
  level: { shape: LEVEL, read: (level: Readonly<Record<string, unknown>>) => ({ native: (level as Parsed<typeof LEVEL>).jira }) },
  team: { shape: TEAM, read: (team: Readonly<Record<string, unknown>>) => ({ groups: (team as Parsed<typeof TEAM>).groups }) },
  alerts: {
    shape: ALERTS,
    target: "project",
    example: "KEY",
    fieldAnswers: "the field",
    check: () => [],
    read(spec: Readonly<Record<string, unknown>>) {
      const keys = spec as Parsed<typeof ALERTS>;
      return { project: keys.project, issueType: keys["issue-type"] };
    },
  },
});
