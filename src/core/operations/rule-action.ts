/**
 * A rule action: one key of an own rule's `then:` entry (`label:`, `set-field:` …). The operation
 * module whose kind the action plans holds it: the schema of the key's value, and the compile step
 * from that value to the action the engine plans from. The rule file's schema and compiler read
 * the actions from the registry.
 */
import type { z } from "zod";

/** The compiled action of an own rule: what one `then:` entry asks for, its names checked. */
export interface Action {
  kind: "label" | "unlabel" | "comment" | "assign" | "mention" | "reopen" | "close" | "priority" | "set-field" | "transition";
  labels?: string[];
  text?: string;
  key?: string;
  sticky?: boolean;
  targets?: string[];
  reason?: "completed" | "not_planned";
  priority?: string;
  field?: string;
  value?: string | number | boolean | null;
  transition?: string;
}

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
}

/** Where an action is compiled: its rule's name, the path of its key, the checks. */
export interface ActionSite {
  rule: string;
  /** The path of the action's key (`rules[2].then[0].set-field`). */
  path: DataPath;
  check: ActionChecks;
}

export interface RuleAction<S extends z.ZodType = z.ZodType> {
  /** The key in a `then:` entry. */
  readonly key: string;
  /** The schema of its value. */
  readonly schema: S;
  /** What it does, as editors show it (the rule file's JSON Schema). */
  readonly description: string;
  /** The compiled action, from the value the schema accepted. */
  compile(value: z.output<S>, site: ActionSite): Action;
}

/** A rule action, its value typed by its schema. */
export const ruleAction = <S extends z.ZodType>(action: RuleAction<S>): RuleAction<S> => action;

/** One text or a list of them, as a list. */
export const asList = (value: string | readonly string[]): string[] => (typeof value === "string" ? [value] : [...value]);
