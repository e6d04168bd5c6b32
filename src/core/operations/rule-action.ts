/**
 * A rule action: one key of an own rule's `then:` entry (`label:`, `set-field:` …). The operation
 * module whose kind the action plans holds it, whole: the schema of the key's value, the compile
 * step from that value to the compiled action, and the planning of that action on one issue. The
 * rule file's schema, its compiler and the engine all read the actions from the registry.
 */
import type { z } from "zod";
import type { Facts } from "../engine/facts.ts";
import type { PlanWriter } from "../engine/plan-writer.ts";
import type { Action, GroupRule } from "../rules/rules.ts";

export type { Action } from "../rules/rules.ts";

/** A position in the merged rule data, as the loader maps it back to a file. */
type DataPath = (string | number)[];

/** The checks of names declared in other sections that compiling an action may need. */
export interface ActionChecks {
  /** The priority level is declared. */
  checkLevel: (name: string, path: DataPath) => void;
  /** The field is declared under `fields:`. */
  checkField: (name: string, path: DataPath) => void;
  /** Groups and people, each declared or written as `@login`; the names as the engine takes them. */
  checkTargets: (value: string | string[] | undefined, path: DataPath) => string[];
  /** Channels declared under `channels:` (unknown ones reported); the names as given. */
  checkChannels: (value: string | string[] | undefined, path: DataPath) => string[];
}

/** Where an action is compiled: its rule's name, the path of its key, the checks. */
export interface ActionSite {
  rule: string;
  /** The path of the action's key (`rules[2].then[0].set-field`). */
  path: DataPath;
  check: ActionChecks;
}

/**
 * Where an action is planned: the facts, the plan so far, the rule that fired and why, and
 * the engine's routing (passed in: the routing plans through the builder, which reads the modules).
 */
export interface ActionPlanning {
  facts: Facts;
  plan: PlanWriter;
  /** The rule as plans and traces name it: `rules.<name>`. */
  rule: string;
  /** Why, as the plan says it: the rule's description, else `rule <name>`. */
  reason: string;
  /** What texts fill in: `{title}`, `{priority}`, `{author}`, `{category}` (mentions defused). */
  vars: Readonly<Record<string, string>>;
  /** Groups and people as the ids of the people to mention on this tracker. */
  people: (targets: readonly string[]) => string[];
  /** The member of the group its strategy picks for this issue; undefined when it has none here. */
  member: (group: GroupRule) => string | undefined;
  /** The current resolution cycle (1 + counted reopens), worked out when asked. */
  cycle: () => number;
}

export interface RuleAction<S extends z.ZodType = z.ZodType, A extends Action = Action> {
  /** The key in a `then:` entry, and the `kind` of the action it compiles to. */
  readonly key: A["kind"];
  /** The schema of its value. */
  readonly schema: S;
  /** What it does, as editors show it (the rule file's JSON Schema). */
  readonly description: string;
  /** The compiled action, from the value the schema accepted. */
  compile(value: z.output<S>, site: ActionSite): A;
  /**
   * Plan what the action asks for on the issue, as a difference from what is there (nothing when
   * the issue already is so), through the plan builder; what it skipped and why goes to the trace.
   */
  plan(action: A, at: ActionPlanning): void;
}

/** A rule action, its value typed by its schema and its compiled action by its compile step. */
export const ruleAction = <S extends z.ZodType, A extends Action>(action: RuleAction<S, A>): RuleAction<S, A> => action;

/** One text or a list of them, as a list. */
export const asList = (value: string | readonly string[]): string[] => (typeof value === "string" ? [value] : [...value]);
