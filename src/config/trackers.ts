/**
 * The one registration of trackers: each tracker's folder declares its rule settings (its keys of
 * the rule file, their editor help, how they compile, the checks of its alert target), and this
 * list composes them into the rule format the CLI, the Action, the server and the schema command
 * load rules by. A new tracker adds its folder's descriptor here and nothing in the core.
 */
import { GITHUB_RULE_SETTINGS } from "../github/rule-settings.ts";
import { JIRA_RULE_SETTINGS } from "../jira/rule-settings.ts";
import { ruleFormat, type RuleFormat } from "../core/rules/rule-format.ts";
import type { TrackerRuleSettings } from "../core/rules/tracker-rule-settings.ts";

/** The registered trackers' rule settings, in the order their keys appear in rule files. */
export const TRACKER_RULE_SETTINGS: readonly TrackerRuleSettings[] = Object.freeze([GITHUB_RULE_SETTINGS, JIRA_RULE_SETTINGS]);

/** The rule format of the registered trackers, built once. */
export const RULE_FORMAT: RuleFormat = ruleFormat(TRACKER_RULE_SETTINGS);
