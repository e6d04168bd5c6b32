/**
 * The rule-file format as the registered trackers extend it: their settings and the schema they
 * make, built once by the composition layer and passed to the loader, which parses, merges and
 * compiles by it.
 */
import { ruleFileSchema, type RuleFileSchema } from "./schema.ts";
import type { TrackerRuleSettings } from "./tracker-rule-settings.ts";

export interface RuleFormat {
  /** The registered trackers, in registration order (their keys appear in that order). */
  readonly trackers: readonly TrackerRuleSettings[];
  /** The schema of a rule file with those trackers' keys. */
  readonly schema: RuleFileSchema;
}

/** The rule format of these trackers; refuses two trackers of one name (their keys would clash). */
export function ruleFormat(trackers: readonly TrackerRuleSettings[]): RuleFormat {
  const names = new Set<string>();
  for (const t of trackers) {
    if (names.has(t.name)) throw new Error(`two trackers register the rule settings of ${JSON.stringify(t.name)}: each tracker registers once`);
    if (t.name !== t.capabilities.source) throw new Error(`tracker ${JSON.stringify(t.name)} keys its rule settings apart from its capabilities' source ${JSON.stringify(t.capabilities.source)}`);
    names.add(t.name);
  }
  if (trackers.length === 0) throw new Error("expected at least one tracker's rule settings, found none");
  return { trackers, schema: ruleFileSchema(trackers) };
}
