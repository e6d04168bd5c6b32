/**
 * Merged rule data → compiled `Rules`, with cross-reference checks (fields, calendars, groups,
 * clocks, priorities) and regular-expression checks. Problems carry paths of the merged data;
 * the loader maps them back to file positions.
 */
import type { Calendar } from "../calendar/calendar.ts";
import { compileCalendar, TWENTY_FOUR_SEVEN } from "../calendar/compile-calendar.ts";
import type { CountryHolidayLookup } from "../calendar/country-holidays.ts";
import { checkMessages } from "./check-messages.ts";
import { clashingLabels, compileScope } from "./compile-scope.ts";
import { compileCondition, pastProblems, type CompileProblem, type ConditionScope } from "./conditions.ts";
import { parseDuration, parsePercent, type Duration } from "./duration.ts";
import { undeclaredName } from "./diagnostics.ts";
import { compileMatcher } from "./matcher.ts";
import type {
  Action,
  CategoryRule,
  ClockKind,
  ClockRule,
  CustomRule,
  FieldRule,
  GroupRule,
  Locale,
  Member,
  PriorityLevelRule,
  Rules,
  TextMatcher,
} from "./rules.ts";
import type { ActionInput, ConditionInput, RuleFileOutput } from "./schema.ts";

export interface CompileIO {
  files: string[];
  /** Read a file named at `path` of the merged data (an `ics:` reference), relative to its rule file. */
  readRelative(ref: string, path: (string | number)[]): string | undefined;
  /** A country's holidays (`holidays: { country: CN }`), from data the caller holds. */
  countryHolidays?: CountryHolidayLookup | undefined;
}

/** Stands in for a duration the schema already reported as unreadable. */
const ZERO: Duration = { text: "0m", ms: 0, businessDays: 0 };

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const CLOCK_KINDS: Record<string, ClockKind> = {
  "first-response": "response",
  response: "response",
  update: "update",
  "progress-update": "update",
  mitigation: "mitigation",
  resolution: "resolution",
};

function localText(value: string | { en?: string | undefined; zh?: string | undefined } | undefined, fallback: string): Record<Locale, string> {
  if (value === undefined) return { en: fallback, zh: fallback };
  if (typeof value === "string") return { en: value, zh: value };
  const en = value.en ?? value.zh ?? fallback;
  return { en, zh: value.zh ?? en };
}

export function compileRules(data: RuleFileOutput, io: CompileIO): { rules?: Rules; problems: CompileProblem[]; warnings?: CompileProblem[] } {
  const problems: CompileProblem[] = [];
  // What compiles but may not be meant (holiday data that ends before the year in use).
  const warnings: CompileProblem[] = [];

  // Calendars.
  const calendars = new Map<string, Calendar>([["24x7", TWENTY_FOUR_SEVEN]]);
  // Declared with problems of their own: references to them add nothing.
  const brokenCalendars = new Set<string>();
  for (const [name, spec] of Object.entries(data.calendars ?? {})) {
    let ics: string | undefined;
    if (typeof spec === "object" && spec.ics !== undefined) {
      ics = io.readRelative(spec.ics, ["calendars", name, "ics"]);
      if (ics === undefined) problems.push({ path: ["calendars", name, "ics"], message: `expected an .ics file, found no file at ${JSON.stringify(spec.ics)}` });
    }
    const compiled = compileCalendar(name, spec, ics, io.countryHolidays);
    for (const w of compiled.warnings ?? []) warnings.push({ path: ["calendars", name, ...w.path], message: w.message });
    for (const p of compiled.problems) {
      // A key the merged calendar lacks is pointed at the calendar's name.
      const lacking = typeof spec === "object" && p.path.length === 1 && spec[p.path[0] as keyof typeof spec] === undefined;
      problems.push({ path: ["calendars", name, ...p.path], message: p.message, ...(lacking ? { atKey: true } : {}) });
    }
    if (compiled.calendar) calendars.set(name, compiled.calendar);
    else brokenCalendars.add(name);
  }
  const calendarRef = (name: string, path: (string | number)[]): Calendar => {
    const calendar = calendars.get(name);
    if (!calendar) {
      if (!brokenCalendars.has(name)) {
        problems.push({
          path,
          message: undeclaredName("calendar", name, [...calendars.keys(), ...brokenCalendars]),
          ref: { kind: "calendar", name },
        });
      }
      return TWENTY_FOUR_SEVEN;
    }
    return calendar;
  };

  // Fields.
  const fields = new Map<string, FieldRule>();
  for (const [name, spec] of Object.entries(data.fields ?? {})) {
    fields.set(name, {
      name,
      title: localText(spec.title, name),
      // The rule file's per-tracker keys are the field sources' ids.
      sources: {
        github: { sections: list(spec.github?.section), fields: list(spec.github?.field) },
        jira: { sections: list(spec.jira?.section ?? spec.github?.section), fields: list(spec.jira?.field) },
      },
      checklist: list(spec.github?.checklist),
      inComments: spec["in-comments"] ?? false,
    });
  }

  // Groups.
  const groups = new Map<string, GroupRule>();
  for (const [name, spec] of Object.entries(data.groups ?? {})) {
    const listed = Array.isArray(spec) ? spec : spec.members;
    if (listed === undefined) {
      problems.push({ path: ["groups", name], atKey: true, message: "expected members (a list of people, e.g. members: [li-wei]), found none" });
    }
    if (name.startsWith("@")) {
      problems.push({ path: ["groups", name], atKey: true, message: `expected a group name without @ (@ marks a person), found ${JSON.stringify(name)}` });
    }
    // `"@li-wei"` in a list of members is the same person as `li-wei`.
    const members = (listed ?? []).map((m): Member => {
      if (typeof m !== "string") return m;
      const id = m.replace(/^@/, "");
      return { github: id, jira: id };
    });
    groups.set(name, { name, members, pick: Array.isArray(spec) ? "round-robin" : (spec.pick ?? "round-robin") });
  }

  // Priorities (declaration order is rank order, highest first).
  const levels: PriorityLevelRule[] = [];
  const clockNames = new Set(Object.keys(data.sla?.clocks ?? {}));
  const categoryNames = new Set(Object.keys(data.categories ?? {}));
  const levelNames = new Set(Object.keys(data.priority?.levels ?? {}));
  const scope: ConditionScope = { fields: new Set(fields.keys()), clocks: clockNames, categories: categoryNames, priorities: levelNames };
  const condition = (input: ConditionInput | undefined, path: (string | number)[]) =>
    input === undefined ? undefined : compileCondition(input, scope, problems, path);
  const matchers = (patterns: string[], path: (string | number)[], many: boolean): TextMatcher[] =>
    patterns.flatMap((p, i) => {
      const m = compileMatcher(p);
      if (typeof m === "string") {
        problems.push({ path: many ? [...path, i] : path, message: m });
        return [];
      }
      return [m];
    });

  Object.entries(data.priority?.levels ?? {}).forEach(([name, spec], rank) => {
    const infer = spec.infer;
    const inferMatchers = matchers(list(infer), ["priority", "levels", name, "infer"], Array.isArray(infer));
    const any = inferMatchers.length === 0 ? undefined : compileMatcher(inferMatchers.map((m) => `(?:${m.source})`).join("|"));
    levels.push({
      name,
      rank,
      label: spec.label ?? `priority/${name}`,
      native: spec.jira,
      field: spec.field,
      infer: inferMatchers,
      inferAny: typeof any === "string" ? undefined : any,
      when: condition(spec.when, ["priority", "levels", name, "when"]),
    });
  });
  if (levels.length === 0) {
    problems.push({ path: ["priority", "levels"], message: "expected at least one priority level (e.g. extends: support), found none", ref: { kind: "priority" } });
  }
  const byName = new Map(levels.map((l) => [l.name, l]));
  const defaultLevel = data.priority?.default ?? levels[levels.length - 1]?.name ?? "P2";
  if (levels.length > 0 && !byName.has(defaultLevel)) {
    problems.push({ path: ["priority", "default"], message: undeclaredName("priority", defaultLevel, [...byName.keys()]), ref: { kind: "priority", name: defaultLevel } });
  }
  const checkLevel = (name: string, path: (string | number)[]) => {
    if (!byName.has(name)) problems.push({ path, message: undeclaredName("priority", name, [...byName.keys()]), ref: { kind: "priority", name } });
  };

  const checkField = (name: string, path: (string | number)[]) => {
    if (!fields.has(name)) {
      problems.push({ path, message: undeclaredName("field", name, [...fields.keys()]), ref: { kind: "field", name } });
    }
  };
  // People the rules name as plain members of a group or as team: a bare name may be one of them.
  const knownPeople = new Set<string>(data.team?.people ?? []);
  for (const spec of Object.values(data.groups ?? {})) {
    for (const m of (Array.isArray(spec) ? spec : spec.members) ?? []) if (typeof m === "string") knownPeople.add(m.replace(/^@/, ""));
  }
  /**
   * Whom `assign:` and `mention:` name (escalation levels, rule actions): a bare name is a
   * declared group or a person the rules already list; anyone else is written `"@login"`. So a
   * typo is a diagnostic, never a mention of whoever owns that login. Returns the target as
   * evaluation reads it: a group's name, or a person's id.
   */
  const checkTargets = (value: string | string[] | undefined, path: (string | number)[]): string[] =>
    list(value).map((name, i) => {
      const at = Array.isArray(value) ? [...path, i] : path;
      if (name.startsWith("@")) {
        const id = name.slice(1);
        if (id === "") problems.push({ path: at, message: `expected a person after @ (e.g. "@li-wei"), found "@"` });
        else if (groups.has(id)) {
          problems.push({ path: at, message: `expected a person, found ${JSON.stringify(name)}, which is the name of a declared group; write ${id} (no @) for the group` });
        }
        return id;
      }
      if (!groups.has(name) && !knownPeople.has(name)) {
        problems.push({
          path: at,
          message: `${undeclaredName("group", name, [...groups.keys()])} (a person the groups do not list is written "@${name}", in quotes)`,
          ref: { kind: "group", name },
        });
      }
      return name;
    });

  // Intake.
  const intakeSpec = data.intake;
  const intake =
    intakeSpec && (intakeSpec.require ?? []).length > 0
      ? {
          require: intakeSpec.require ?? [],
          label: intakeSpec.label ?? "needs-info",
          when: condition(intakeSpec.when, ["intake", "when"]),
        }
      : undefined;
  (intakeSpec?.require ?? []).forEach((f, i) => checkField(f, ["intake", "require", i]));

  // Categories.
  const categories: CategoryRule[] = Object.entries(data.categories ?? {}).map(([name, spec]) => {
    if (spec.group !== undefined && !groups.has(spec.group)) {
      problems.push({
        path: ["categories", name, "group"],
        message: undeclaredName("group", spec.group, [...groups.keys()]),
        ref: { kind: "group", name: spec.group },
      });
    }
    const text = spec.text === undefined ? undefined : matchers([spec.text], ["categories", name, "text"], false)[0];
    return { name, labels: list(spec.labels), components: list(spec.components), types: list(spec.types), text, group: spec.group };
  });

  // SLA.
  const sla = data.sla ?? {};
  const warnAt = sla["warn-at"] === undefined ? 0.75 : (parsePercent(sla["warn-at"]) ?? 0.75);
  if (sla["warn-at"] !== undefined && (warnAt <= 0 || warnAt > 1)) {
    problems.push({ path: ["sla", "warn-at"], message: `expected a percentage above 0% and at most 100%, found ${JSON.stringify(sla["warn-at"])}` });
  }
  const graceText = sla["reopen-grace"];
  const grace = graceText === undefined ? undefined : parseDuration(graceText);
  if (grace && grace.businessDays > 0) {
    problems.push({
      path: ["sla", "reopen-grace"],
      message: `expected a wall-clock duration like 10m or 1h (the grace after a close is not counted on a calendar), found ${JSON.stringify(graceText)}`,
    });
  }
  const reopenGraceMs = grace?.ms ?? 10 * 60_000;
  const calendarFor = (
    spec: string | Record<string, string> | undefined,
    fallback: Map<string, Calendar>,
    path: (string | number)[],
  ): Map<string, Calendar> => {
    const out = new Map<string, Calendar>();
    // One name for all levels: looked up once, so an unknown one is reported once.
    const all = typeof spec === "string" ? calendarRef(spec, path) : undefined;
    for (const level of levels) {
      if (spec === undefined || typeof spec === "string") out.set(level.name, all ?? fallback.get(level.name) ?? TWENTY_FOUR_SEVEN);
      // Own keys only: a level named like an Object property (toString) is a name, not a method.
      else out.set(level.name, !Object.hasOwn(spec, level.name) ? (fallback.get(level.name) ?? TWENTY_FOUR_SEVEN) : calendarRef(spec[level.name] as string, [...path, level.name]));
    }
    if (typeof spec === "object") for (const key of Object.keys(spec)) checkLevel(key, [...path, key]);
    return out;
  };
  const slaCalendars = calendarFor(sla.calendar, new Map(), ["sla", "calendar"]);
  const clocks: ClockRule[] = [];
  for (const [name, spec] of Object.entries(sla.clocks ?? {})) {
    const kind = spec.kind ?? (Object.hasOwn(CLOCK_KINDS, name) ? CLOCK_KINDS[name] : undefined);
    if (kind === undefined) {
      problems.push({ path: ["sla", "clocks", name], message: `expected a kind (response, update, mitigation, resolution) for clock "${name}", found none` });
      continue;
    }
    if (spec.targets === undefined) {
      problems.push({ path: ["sla", "clocks", name], atKey: true, message: `expected targets (a target per priority level, e.g. targets: {P0: 15m, P2: 4h}), found none` });
    }
    const targets = new Map<string, Duration>();
    for (const [level, text] of Object.entries(spec.targets ?? {})) {
      checkLevel(level, ["sla", "clocks", name, "targets", level]);
      const duration = parseDuration(text);
      if (duration && duration.ms === 0 && duration.businessDays === 0) {
        problems.push({ path: ["sla", "clocks", name, "targets", level], message: `expected a target above zero (leave the level out for no clock), found ${JSON.stringify(text)}` });
      }
      if (duration) targets.set(level, duration);
    }
    clocks.push({
      name,
      kind,
      targets,
      calendars: calendarFor(spec.calendar, slaCalendars, ["sla", "clocks", name, "calendar"]),
      label: kind === "mitigation" ? (spec.label ?? "mitigated") : spec.label,
      pauses: spec.pauses ?? (kind === "resolution" || kind === "update"),
    });
  }

  // Escalation.
  const esc = data.escalation ?? {};
  (esc.clocks ?? []).forEach((c, i) => {
    if (!clockNames.has(c)) problems.push({ path: ["escalation", "clocks", i], message: undeclaredName("clock", c, [...clockNames]), ref: { kind: "clock", name: c } });
  });
  const escalationLevels = (esc.levels ?? []).map((spec, i) => {
    const assign = checkTargets(spec.assign, ["escalation", "levels", i, "assign"]);
    const mention = checkTargets(spec.mention, ["escalation", "levels", i, "mention"]);
    const after = spec.after ?? "0m";
    return { level: i + 1, after, afterDuration: parseDuration(after) ?? ZERO, assign, mention, labels: list(spec.label) };
  });
  const rc = esc["root-cause"];
  let rootCause: Rules["escalation"]["rootCause"];
  if (rc) {
    const field = rc.field ?? "root-cause";
    checkField(field, ["escalation", "root-cause", "field"]);
    (rc.priorities ?? []).forEach((p, i) => checkLevel(p, ["escalation", "root-cause", "priorities", i]));
    const level = rc.level ?? 1;
    if (level > escalationLevels.length) {
      problems.push({ path: ["escalation", "root-cause", "level"], message: `expected a level between 1 and ${escalationLevels.length} (the ladder's length), found ${level}` });
    }
    const within = rc.within ?? "30m";
    rootCause = { priorities: new Set(rc.priorities ?? ["P1"]), within, withinDuration: parseDuration(within) ?? ZERO, field, level };
  }

  // Closure.
  const closureSpec = data.closure;
  let closure: Rules["closure"];
  if (closureSpec && (closureSpec.require ?? []).length > 0) {
    (closureSpec.require ?? []).forEach((f, i) => checkField(f, ["closure", "require", i]));
    const onMissing = new Map<string, "reopen" | "label">();
    for (const [level, what] of Object.entries(closureSpec["on-missing"] ?? {})) {
      checkLevel(level, ["closure", "on-missing", level]);
      onMissing.set(level, what);
    }
    closure = {
      require: closureSpec.require ?? [],
      exempt: new Set(closureSpec.exempt ?? ["not_planned", "duplicate"]),
      onMissing,
      label: closureSpec.label ?? "closure/incomplete",
    };
  }

  // Custom rules.
  const custom: CustomRule[] = (data.rules ?? []).map((spec, i) => ({
    name: spec.name,
    description: spec.description,
    when: condition(spec.when, ["rules", i, "when"]),
    then: spec.then.map((a, j) => compileAction(a, spec.name, ["rules", i, "then", j], { checkLevel, checkField, checkTargets })),
  }));

  // Scope.
  for (const { index, label } of clashingLabels(data.scope)) {
    problems.push({
      path: index < 0 ? ["scope", "exclude-labels"] : ["scope", "exclude-labels", index],
      message: `expected a label scope.labels does not also require, found ${JSON.stringify(label)} in both (no issue could be in the scope); keep it in one of the two`,
    });
  }

  checkMessages(data.messages ?? {}, clockNames, problems);
  const messages: Rules["messages"] = new Map();
  for (const [id, text] of Object.entries(data.messages ?? {})) {
    messages.set(id, typeof text === "string" ? { en: text, zh: text } : text);
  }

  // Compiled before the check below, so that its problems are reported.
  const pauseWhen = condition(sla["pause-when"], ["sla", "pause-when"]);
  if (sla["pause-when"] !== undefined) pastProblems(sla["pause-when"], ["sla", "pause-when"], problems);

  if (problems.length > 0) return { problems };
  return {
    ...(warnings.length > 0 ? { warnings } : {}),
    problems,
    rules: {
      files: io.files,
      locale: data.locale ?? "en",
      scope: compileScope(data.scope),
      botLogins: data.bot?.logins ?? ["github-actions[bot]"],
      team: {
        associations: new Set((data.team?.associations ?? ["OWNER", "MEMBER", "COLLABORATOR"]).map((a) => a.toUpperCase())),
        people: new Set(data.team?.people ?? []),
        groups: new Set(data.team?.groups ?? []),
      },
      calendars,
      fields,
      groups,
      priority: {
        levels,
        byName,
        byLabel: new Map(levels.map((l) => [l.label.toLowerCase(), l])),
        byNative: new Map(levels.flatMap((l) => (l.native ? [[l.native.toLowerCase(), l] as const] : []))),
        byField: new Map(levels.flatMap((l) => (l.field ? [[l.field.toLowerCase(), l] as const] : []))),
        default: defaultLevel,
        fields: data.priority?.["github-field"] === undefined ? {} : { github: data.priority["github-field"] },
      },
      intake,
      categories,
      sla: {
        warnAt,
        reopenGraceMs,
        calendars: slaCalendars,
        pauseWhen,
        atRiskLabel: sla.labels?.["at-risk"] ?? "sla/at-risk",
        breachedLabel: sla.labels?.breached ?? "sla/breached",
        clocks,
      },
      escalation: {
        clocks: esc.clocks === undefined ? undefined : new Set(esc.clocks),
        levels: escalationLevels,
        ackCommand: esc.ack?.command ?? "/ack",
        ackLabels: esc.ack?.labels ?? [],
        rootCause,
      },
      closure,
      messages,
      rules: custom,
    },
  };
}

function compileAction(
  input: ActionInput,
  ruleName: string,
  path: (string | number)[],
  check: {
    checkLevel: (n: string, p: (string | number)[]) => void;
    checkField: (n: string, p: (string | number)[]) => void;
    checkTargets: (v: string | string[], p: (string | number)[]) => string[];
  },
): Action {
  if (input.label !== undefined) return { kind: "label", labels: list(input.label) };
  if (input.unlabel !== undefined) return { kind: "unlabel", labels: list(input.unlabel) };
  if (input.comment !== undefined) {
    const c = typeof input.comment === "string" ? { text: input.comment } : input.comment;
    return { kind: "comment", text: c.text, key: `rule/${c.key ?? ruleName}`, sticky: "sticky" in c ? (c.sticky ?? false) : false };
  }
  if (input.assign !== undefined) return { kind: "assign", targets: check.checkTargets(input.assign, [...path, "assign"]) };
  if (input.mention !== undefined) return { kind: "mention", targets: check.checkTargets(input.mention, [...path, "mention"]), key: `rule/${ruleName}/mention` };
  if (input.reopen !== undefined) return { kind: "reopen" };
  if (input.close !== undefined) return { kind: "close", reason: input.close };
  if (input.priority !== undefined) {
    check.checkLevel(input.priority, [...path, "priority"]);
    return { kind: "priority", priority: input.priority };
  }
  if (input["set-field"] !== undefined) {
    check.checkField(input["set-field"].name, [...path, "set-field", "name"]);
    return { kind: "set-field", field: input["set-field"].name, value: input["set-field"].value };
  }
  return { kind: "transition", transition: input.transition ?? "" };
}
