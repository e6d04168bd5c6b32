/**
 * What GitHub adds to the rule file: a field's issue-form section, issue field and checklist
 * (`fields.<name>.github`), a level's Priority issue-field option (`priority.levels.<level>.field`),
 * the Priority issue field (`priority.github-field`), team by author association
 * (`team.associations`), the Actions bot as the default tool account, and the repository alert
 * issues are opened in (`alerts.repository`) with its checks. Registered in `src/config/trackers.ts`.
 */
import { z } from "zod";
import { StringList } from "../core/rules/name-schemas.ts";
import type { ParsedShape as Parsed, TargetProblem, TrackerRuleSettings } from "../core/rules/tracker-rule-settings.ts";
import { GITHUB_CAPABILITIES } from "./capabilities.ts";

/** One or many, as a list. */
const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** `fields.<name>.github`: where the answer is on GitHub. */
const FieldLocation = z
  .strictObject({
    section: StringList.optional().meta({
      description: "Issue-form section heading(s) (### Heading) that hold the answer; matched case-insensitively.",
    }),
    field: z.string().optional().meta({ description: "A GitHub issue field of the organisation holding the answer." }),
    checklist: StringList.optional().meta({
      description: "Task-list item text(s) that, when ticked (- [x]), count as this field being present.",
    }),
  })
  .optional()
  .meta({ description: "Where the answer is on GitHub." });

const LEVEL = {
  field: z.string().optional().meta({ description: "Option of the GitHub Priority issue field for this level." }),
};

const PRIORITY = {
  "github-field": z.string().optional().meta({ description: "Name of a GitHub single-select issue field used for priority where present." }),
};

const TEAM = {
  associations: z
    .array(z.string())
    .default(["OWNER", "MEMBER", "COLLABORATOR"])
    .meta({ description: "GitHub author associations that count as team (OWNER, MEMBER, COLLABORATOR)." }),
};

const ALERTS = {
  repository: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, { message: "expected a repository as OWNER/REPO" })
    .optional()
    .meta({ description: "GitHub: the repository alert issues are opened in, OWNER/REPO (through the GitHub App when the server runs as one, else GITHUB_TOKEN)." }),
};

/** GitHub's rule settings; its key is its capabilities' `source`. */
export const GITHUB_RULE_SETTINGS: TrackerRuleSettings = Object.freeze({
  name: GITHUB_CAPABILITIES.source,
  capabilities: GITHUB_CAPABILITIES,
  title: "GitHub",
  product: "GitHub Issues",
  personIds: "GitHub logins",
  answerOptions: "the issue-form dropdown options",
  pullRequests: true,
  botLogins: ["github-actions[bot]"],
  field: {
    schema: FieldLocation,
    read(spec: unknown) {
      const at = spec as z.output<typeof FieldLocation>;
      return { sections: at?.section === undefined ? undefined : list(at.section), fields: list(at?.field), checklist: list(at?.checklist) };
    },
  },
  level: { shape: LEVEL, read: (level: Readonly<Record<string, unknown>>) => ({ field: (level as Parsed<typeof LEVEL>).field }) },
  priority: { shape: PRIORITY, read: (priority: Readonly<Record<string, unknown>>) => (priority as Parsed<typeof PRIORITY>)["github-field"] },
  team: { shape: TEAM, read: (team: Readonly<Record<string, unknown>>) => ({ associations: (team as Parsed<typeof TEAM>).associations }) },
  alerts: {
    shape: ALERTS,
    target: "repository",
    example: "OWNER/REPO",
    fieldAnswers: "a section under the field's heading",
    labelsNote: "the first one is how the group's issue is found again",
    check(spec: Readonly<Record<string, unknown>>, at: (...more: (string | number)[]) => (string | number)[]): TargetProblem[] {
      const labels = spec["labels"];
      return Array.isArray(labels) && labels.length === 0
        ? [{ path: at("labels"), message: "expected at least one label with tracker: github (the group's issue is found again by it), found []" }]
        : [];
    },
    read: (spec: Readonly<Record<string, unknown>>) => ({ repository: (spec as Parsed<typeof ALERTS>).repository }),
  },
});
