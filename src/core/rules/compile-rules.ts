/**
 * Merged rule data → compiled `Rules`: one compile step per section (`compile-<section>.ts`),
 * composed here in the order the sections depend on each other, with cross-reference checks
 * (fields, calendars, groups, clocks, priorities) and regular-expression checks. Problems carry
 * paths of the merged data; the loader maps them back to file positions.
 */
import { compileAlerts } from "./compile-alerts.ts";
import { compileCalendars } from "./compile-calendars.ts";
import { compileCategories } from "./compile-categories.ts";
import { compileChannels } from "./compile-channels.ts";
import { compileClosure } from "./compile-closure.ts";
import type { CompileIO, CompileOutput, RefChecks } from "./compile-context.ts";
import { compileCustomRules } from "./compile-custom-rules.ts";
import { compileEscalation } from "./compile-escalation.ts";
import { compileFeedback, FEEDBACK_CLOCK } from "./compile-feedback.ts";
import { compileFields, fieldCheck } from "./compile-fields.ts";
import { compileGroups, targetCheck } from "./compile-groups.ts";
import { compileIntake } from "./compile-intake.ts";
import { compileMessages } from "./compile-messages.ts";
import { compilePriority, priorityLevels } from "./compile-priority.ts";
import { checkScope, compileScope } from "./compile-scope.ts";
import { compileSla } from "./compile-sla.ts";
import { compileSimilarCases } from "./compile-similar-cases.ts";
import { compileCondition, pastProblems, type CompileProblem, type ConditionScope } from "./conditions.ts";
import type { Rules } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

export type { CompileIO } from "./compile-context.ts";

/** Who is on the team: the people listed, and the trackers' own roles (associations, groups) as each reads its keys. */
function compileTeam(team: RuleFileOutput["team"], trackers: CompileIO["trackers"]): Rules["team"] {
  const roles = trackers.map((t) => t.team?.read(team as Readonly<Record<string, unknown>>) ?? {});
  return {
    associations: new Set(roles.flatMap((r) => r.associations ?? []).map((a) => a.toUpperCase())),
    people: new Set(team.people),
    groups: new Set(roles.flatMap((r) => r.groups ?? [])),
  };
}

export function compileRules(data: RuleFileOutput, io: CompileIO): { rules?: Rules; problems: CompileProblem[]; warnings?: CompileProblem[] } {
  const out: CompileOutput = { problems: [], warnings: [] };
  const { calendars, calendarRef } = compileCalendars(data.calendars, io, out);
  const fields = compileFields(data.fields, io.trackers);
  const groups = compileGroups(data.groups, io.trackers, out);

  // Conditions may name what any section declares, whether it compiles or not.
  // With feedback on, its follow-up clock is there even where sla.clocks does not name it.
  const clockNames = new Set([...Object.keys(data.sla.clocks ?? {}), ...(data.feedback === undefined ? [] : [FEEDBACK_CLOCK])]);
  const scope: ConditionScope = {
    fields: new Set(fields.keys()),
    clocks: clockNames,
    categories: new Set(Object.keys(data.categories ?? {})),
    priorities: new Set(Object.keys(data.priority?.levels ?? {})),
  };
  const condition: RefChecks["condition"] = (input, path) => (input === undefined ? undefined : compileCondition(input, scope, out.problems, path));
  const { levels, checkLevel } = priorityLevels(data.priority, condition, out, io.trackers);
  const { channels, checkChannels } = compileChannels(data.channels, { calendarRef, checkLevel }, out);
  const check: RefChecks = { calendarRef, checkLevel, checkField: fieldCheck(fields, out), checkTargets: targetCheck(groups, data, out), checkChannels, condition };
  const priority = compilePriority(data.priority, levels, out, check, io.trackers);

  const intake = compileIntake(data.intake, check);
  const similarCases = compileSimilarCases(data.intake, intake, check);
  const categories = compileCategories(data.categories, groups, out);
  const sla = compileSla(data.sla, levels, check, out);
  const escalation = compileEscalation(data.escalation, clockNames, check, out);
  const closure = compileClosure(data.closure, check);
  const { feedback, clock: followUp } = compileFeedback(data.feedback, levels, sla.clocks, check, out);
  const custom = compileCustomRules(data.rules, check);
  checkScope(data.scope, out);
  const messages = compileMessages(data.messages, clockNames, out);
  const { rule: alerts, priorityRules: alertPriorities } = compileAlerts(data.alerts, new Set(fields.keys()), sla.clocks, check, out, io.trackers);
  // Compiled last, so that its problems come after the others'.
  const pauseSpec = data.sla["pause-when"];
  const pauseWhen = condition(pauseSpec, ["sla", "pause-when"]);
  if (pauseSpec !== undefined) pastProblems(pauseSpec, ["sla", "pause-when"], out.problems);

  if (out.problems.length > 0) return { problems: out.problems };
  return {
    ...(out.warnings.length > 0 ? { warnings: out.warnings } : {}),
    problems: out.problems,
    rules: {
      files: io.files,
      locale: data.locale,
      scope: compileScope(data.scope),
      botLogins: data.bot.logins,
      team: compileTeam(data.team, io.trackers),
      calendars,
      channels,
      fields,
      groups,
      priority,
      intake,
      similarCases,
      categories,
      sla: { ...sla, clocks: followUp === undefined ? sla.clocks : [...sla.clocks, followUp], pauseWhen },
      escalation,
      closure,
      feedback,
      messages,
      ...(alerts === undefined ? {} : { alerts }),
      rules: [...custom, ...alertPriorities],
    },
  };
}
