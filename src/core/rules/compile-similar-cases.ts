/**
 * `intake.similar-cases` → whether solved cases are offered on new reports, how alike they must
 * be and how many. Absent or `enabled: false`: off. The intake's `when` says which reports get
 * the intake at all, so it says which get cases too.
 */
import type { RefChecks } from "./compile-context.ts";
import type { Rules } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

export function compileSimilarCases(spec: RuleFileOutput["intake"], intake: Rules["intake"], check: Pick<RefChecks, "condition">): Rules["similarCases"] {
  const similar = spec?.["similar-cases"];
  if (spec === undefined || similar === undefined || !similar.enabled) return undefined;
  // The intake compiled its `when` already when it requires anything; compiling it again would report its problems twice.
  const when = intake !== undefined ? intake.when : check.condition(spec.when, ["intake", "when"]);
  return { threshold: similar.threshold, limit: similar.limit, when };
}
