/**
 * Priority: read the level from labels or the tracker's field, reduce several
 * labels to the highest, and never override a level a person chose. Where there is none (or the
 * tool set it), the rules settle it: their own rules, then the impact × urgency matrix where both
 * are answered, then the text; and the issue is told, in one line, how.
 */
import type { Issue } from "../model.ts";
import { ruleLevel } from "../operations/set-priority.ts";
import type { PrioritySource } from "../plan.ts";
import type { Condition } from "../rules/conditions.ts";
import type { TextMatcher } from "../rules/matcher.ts";
import { matrixVerdict } from "../rules/priority-matrix.ts";
import type { PriorityLevelRule, Rules } from "../rules/rules.ts";
import { message } from "../text/messages.ts";
import { explainPriority } from "./priority-note.ts";
import { type Facts, isSelf } from "./facts.ts";
import { foldLabel } from "./label-set.ts";
import type { PlanBuilder } from "./plan-builder.ts";
import { computeClocks } from "./sla.ts";
import { testCondition } from "./test-condition.ts";
import { usesClocks } from "./uses-clocks.ts";

const RULE = "priority";

/**
 * Who last put this label on: "tool" (the tool's own identity only: another automation's label
 * is respected like a person's), "person", or "unknown" when the history does not say.
 */
function labelSetter(issue: Issue, label: string): "tool" | "person" | "unknown" {
  for (let i = issue.history.length - 1; i >= 0; i--) {
    const event = issue.history[i];
    if (event?.kind === "labeled" && foldLabel(event.label) === foldLabel(label)) {
      if (!event.actor) return "unknown";
      return isSelf(event.actor) ? "tool" : "person";
    }
  }
  return "unknown";
}

/** A level the rules settled on without a person, why (for the trace) and how (for the explanation). */
interface Inferred {
  level: PriorityLevelRule | undefined;
  because: string;
  source: PrioritySource;
}

/** The words a matched pattern found, none when it found only blanks (or cannot say). */
const wordsOf = (found: string | undefined): string[] => (found === undefined || found.trim() === "" ? [] : [found]);

/**
 * Does the pattern match, and with which words: the first match where finding it costs no more
 * than asking whether there is one (one pass instead of two); else the test, then the first match.
 */
function matchOf(m: TextMatcher, text: string): { words: string[] } | undefined {
  if (m.findIsTest === true && m.find !== undefined) {
    const found = m.find(text);
    return found === undefined ? undefined : { words: wordsOf(found) };
  }
  return m.test(text) ? { words: wordsOf(m.find?.(text)) } : undefined;
}

/** Every pattern of an `all:` matches (with the words each found, in order), or undefined. */
function allOf(patterns: readonly TextMatcher[], text: string): string[] | undefined {
  const words: string[] = [];
  for (const m of patterns) {
    const match = matchOf(m, text);
    if (match === undefined) return undefined;
    words.push(...match.words);
  }
  return words;
}

/** The level the matrix's cell gives, or undefined (with the reason in the trace notes). */
function byMatrix(facts: Facts, notes: string[]): Inferred | undefined {
  const matrix = facts.rules.priority.matrix;
  if (matrix === undefined) return undefined;
  const verdict = matrixVerdict(matrix, facts.answer(matrix.impact.field), facts.answer(matrix.urgency.field));
  if (verdict.kind === "unanswered") {
    notes.push(`matrix: ${verdict.missing.map((axis) => matrix[axis].field).join(" and ")} not answered; the text decides`);
    return undefined;
  }
  if (verdict.kind === "unknown") {
    const axis = matrix[verdict.axis];
    notes.push(`matrix: the ${axis.field} answer ${JSON.stringify(verdict.answer.slice(0, 80))} is none of its values (${axis.values.map((v) => v.key).join(", ")}); the text decides`);
    return undefined;
  }
  const level = facts.rules.priority.byName.get(verdict.level);
  const cell = `priority.matrix.table.${verdict.impact.key}.${verdict.urgency.key}`;
  return {
    level,
    because: `matrix cell ${cell} = ${verdict.level} (impact ${JSON.stringify(verdict.answers.impact)} → ${verdict.impact.key}, urgency ${JSON.stringify(verdict.answers.urgency)} → ${verdict.urgency.key})`,
    source: { kind: "matrix", impact: verdict.impact.key, urgency: verdict.urgency.key, answers: verdict.answers },
  };
}

function infer(facts: Facts, notes: string[]): Inferred {
  // The rule file's own `priority:` actions (those not waiting on a clock) come first.
  for (const rule of facts.rules.rules) {
    if (rule.when && usesClocks(rule.when)) continue;
    const name = ruleLevel(rule);
    const level = name === undefined ? undefined : facts.rules.priority.byName.get(name);
    if (level && (!rule.when || testCondition(rule.when, facts))) return { level, because: `rule ${rule.name}`, source: { kind: "rule", rule: rule.name } };
  }
  // Then the answers to impact and urgency, where both are one of the matrix's values.
  const cell = byMatrix(facts, notes);
  if (cell !== undefined) return cell;
  const text = facts.text;
  for (const level of facts.rules.priority.levels) {
    // The first of the level's patterns that matches decides, with the words it found. Their
    // alternation, one pass, turns texts away first where each pattern's would be a pass of the
    // automaton; natively, each pattern's pass costs what its share of the alternation's does.
    // (Without the alternation, which a rule file too large for the engine may lack, none matches.)
    if (level.inferAny !== undefined && (level.inferAny.findIsTest === true || level.inferAny.test(text))) {
      for (const m of level.infer) {
        const match = matchOf(m, text);
        if (match === undefined) continue;
        const { words } = match;
        return { level, because: `text matches /${m.source}/${words.length > 0 ? ` ("${words[0]}")` : ""}`, source: { kind: "words", words } };
      }
    }
    for (const entry of level.inferAll) {
      const words = allOf(entry.all, text);
      if (words === undefined || entry.not.some((m) => m.test(text))) continue;
      return { level, because: `text matches all of ${entry.all.map((m) => `/${m.source}/`).join(", ")} ("${words.join('" + "')}")`, source: { kind: "words", words } };
    }
    if (level.when && testCondition(level.when, facts)) return { level, because: "its condition holds", source: { kind: "rule", rule: `priority.levels.${level.name}.when` } };
  }
  return { level: facts.rules.priority.byName.get(facts.rules.priority.default), because: "no rule matched; the default", source: { kind: "default" } };
}

/**
 * The rule file's `priority:` actions that wait on a clock, first match wins. They read the
 * clocks of the level inferred without them, never those of the level they set: else the level
 * set would change the clocks read, and the priority would flip on every run.
 */
function byClockRules(facts: Facts, base: Inferred): Inferred {
  const waiting = facts.rules.rules.filter((r) => r.when !== undefined && usesClocks(r.when) && ruleLevel(r) !== undefined);
  if (waiting.length === 0 || !base.level) return base;
  const saved = { priority: facts.priority, clocks: facts.clocks, trace: facts.trace.length };
  facts.priority = base.level.name;
  facts.clocks = computeClocks(facts).map((d) => d.report);
  // Whatever counting the clocks had to say is said again when they are counted for the level.
  facts.trace.length = saved.trace;
  try {
    for (const rule of waiting) {
      const name = ruleLevel(rule);
      const level = name === undefined ? undefined : facts.rules.priority.byName.get(name);
      if (level && testCondition(rule.when as Condition, facts)) return { level, because: `rule ${rule.name} (on the ${base.level.name} clocks)`, source: { kind: "rule", rule: rule.name } };
    }
    return base;
  } finally {
    facts.priority = saved.priority;
    facts.clocks = saved.clocks;
  }
}

export function applyPriority(facts: Facts, plan: PlanBuilder): void {
  const { issue, rules } = facts;
  const notes: string[] = [];
  const levels = rules.priority;
  const labelled = issue.labels
    .map((l) => levels.byLabel.get(foldLabel(l)))
    .filter((l): l is PriorityLevelRule => l !== undefined)
    .sort((a, b) => a.rank - b.rank);
  const native =
    issue.nativePriority === undefined || issue.nativePriority === null
      ? undefined
      : issue.capabilities.nativePriority
        ? levels.byNative.get(issue.nativePriority.toLowerCase())
        : levels.byField.get(issue.nativePriority.toLowerCase());

  // Several priority labels: keep the highest one a person chose (the highest of all when the
  // tool set them all), and say so once.
  if (labelled.length > 1) {
    const byPerson = labelled.filter((l) => labelSetter(issue, l.label) !== "tool");
    const highest = (byPerson[0] ?? labelled[0]) as PriorityLevelRule;
    const others = labelled.filter((l) => l !== highest);
    labelled.splice(0, labelled.length, highest, ...others);
    const removed = others.map((l) => l.label).filter((l, i, all) => all.indexOf(l) === i && l !== highest.label);
    if (removed.length > 0) {
      plan.removeLabels(removed, RULE, `several priority labels; keeping ${highest.name}`);
      plan.commentOnce(
        `priority/reduced/${removed.sort().join("+")}`,
        message(rules, "priority.reduced", { labels: labelled.map((l) => `\`${l.label}\``).join(", "), priority: highest.name }),
        [],
        RULE,
        `reduced ${labelled.map((l) => l.name).join(", ")} to ${highest.name}`,
      );
    }
    notes.push(`several priority labels (${labelled.map((l) => l.label).join(", ")}); kept the highest, ${highest.name}`);
  }

  const current = labelled[0] ?? native;
  let setBy: "tool" | "person" | "unknown" = "unknown";
  if (labelled[0]) setBy = labelSetter(issue, labelled[0].label);
  else if (native && issue.capabilities.nativePriority) {
    const changedByPerson = issue.history.some((e) => e.kind === "priority" && !isSelf(e.actor));
    const changedByTool = issue.history.some((e) => e.kind === "priority" && isSelf(e.actor));
    const isDefault = native.name === levels.default;
    // A native priority field is set on every issue; an untouched default is not a person's choice.
    setBy = changedByPerson ? "person" : changedByTool || isDefault ? "tool" : "person";
  }

  if (current && setBy !== "tool") {
    facts.priority = current.name;
    facts.priorityInferred = false;
    facts.prioritySource = { kind: "person" };
    notes.push(`${current.name} set ${setBy === "person" ? "by a person" : "on the tracker"}; never overridden`);
    // An explanation the tool wrote earlier says so now, instead of the level it had set.
    explainPriority(facts, plan, current.name, facts.prioritySource, false);
    facts.trace.push({ rule: RULE, fired: labelled.length > 1, notes });
    return;
  }

  const inferred = byClockRules(facts, infer(facts, notes));
  const level = inferred.level;
  if (!level) {
    facts.trace.push({ rule: RULE, fired: false, notes: [...notes, `default priority ${levels.default} is not a level`] });
    return;
  }
  facts.priority = level.name;
  facts.priorityInferred = true;
  facts.prioritySource = inferred.source;
  notes.push(`inferred ${level.name}: ${inferred.because}`);
  if (current?.name === level.name) {
    explainPriority(facts, plan, level.name, inferred.source, false);
    facts.trace.push({ rule: RULE, fired: false, notes: [...notes, `already ${level.name}`] });
    return;
  }
  if (!current && removedByPerson(issue, rules)) {
    // A person took the tool's priority label off: respect that, use the level only for clocks.
    facts.trace.push({ rule: RULE, fired: false, notes: [...notes, "a person removed the priority label; not written again"] });
    return;
  }
  if (issue.state !== "open") {
    // Worth knowing for the closure checklist, not worth a write on a closed issue.
    facts.trace.push({ rule: RULE, fired: false, notes: [...notes, "closed: priority not written"] });
    return;
  }
  setPriority(facts, plan, level, current, RULE, `inferred ${level.name}: ${inferred.because}`);
  // The first comment says how the level was set; the default alone is no reason to comment.
  explainPriority(facts, plan, level.name, inferred.source, inferred.source.kind !== "default");
  facts.trace.push({ rule: RULE, fired: true, notes });
}

/** Did a person remove a priority label after the tool last set one? */
function removedByPerson(issue: Issue, rules: Rules): boolean {
  for (let i = issue.history.length - 1; i >= 0; i--) {
    const event = issue.history[i];
    if (event?.kind !== "labeled" && event?.kind !== "unlabeled") continue;
    if (!rules.priority.byLabel.has(foldLabel(event.label))) continue;
    return event.kind === "unlabeled" && event.actor !== undefined && !isSelf(event.actor);
  }
  return false;
}

/** Emit a set-priority operation moving from `current` (if any) to `level`. */
export function setPriority(
  facts: Facts,
  plan: PlanBuilder,
  level: PriorityLevelRule,
  current: PriorityLevelRule | undefined,
  rule: string,
  reason: string,
): void {
  const { issue, rules } = facts;
  if (issue.capabilities.nativePriority) {
    plan.push({ kind: "set-priority", priority: level.name, ...(level.native ? { native: level.native } : {}), rule, reason });
    return;
  }
  const remove = current && current.label !== level.label && facts.labels.has(current.label) ? [current.label] : [];
  const priorityField = rules.priority.fields[issue.capabilities.source];
  const useField = priorityField !== undefined && priorityField in issue.fields && level.field !== undefined;
  for (const l of remove) facts.labels.delete(l);
  facts.labels.add(level.label);
  plan.push({
    kind: "set-priority",
    priority: level.name,
    labels: { add: [level.label], remove },
    ...(useField && level.field ? { native: level.field } : {}),
    rule,
    reason,
  });
}
