/**
 * What the core knows of one kind of operation, in one place: the rule actions that ask for it,
 * how reports, summaries and error messages name it, which labels it changes, which notices it
 * carries. `registry.ts` holds one module per kind, typed so that a kind without a module does
 * not compile.
 */
import type { z } from "zod";
import type { OperationFields, OperationKind, OperationOf } from "../plan.ts";
import type { RuleAction } from "./rule-action.ts";

/** The labels an operation adds to and removes from an issue. */
export interface LabelChange {
  add: readonly string[];
  remove: readonly string[];
}

/** A comment the tool writes: the hidden keys of the notices it carries, and each notice's text. */
export interface NoticesOf<K extends OperationKind> {
  /** It edits a comment already there, rather than posting a new one. */
  readonly edited: boolean;
  /** The hidden keys, the first one first: what makes the comment the tool's, once. */
  keys(op: OperationOf<K>): readonly string[];
  /** The text of the notice `key` (its own part in a digest, else the whole body). */
  text(op: OperationOf<K>, key: string): string;
}

/** A change that assigns people: who, and the same change cut to one person. */
export interface Assigns<K extends OperationKind> {
  /** The people it assigns, the first one first. */
  people(op: OperationOf<K>): readonly string[];
  /** The operation assigning `person` only (a tracker whose issues take a single assignee). */
  only(op: OperationOf<K>, person: string): OperationOf<K>;
}

/** What an issue outside the scope may have changed under `outside: quiet`: which labels. */
export interface QuietLabels {
  /** The label may be added (it is none of `scope.labels`, which would bring the issue in). */
  add(label: string): boolean;
  /** The label may be removed (it is none of `scope.exclude-labels`, which keep the issue out). */
  remove(label: string): boolean;
}

/**
 * The schema of each field an operation of the kind carries (its plan JSON), every field named:
 * undefined for a field that rule tests cannot expect (a digest's parts).
 */
export type FieldSchemas<K extends OperationKind> = { readonly [F in keyof OperationFields[K]]-?: z.ZodType | undefined };

export interface OperationModule<K extends OperationKind> {
  readonly kind: K;
  /** Its fields' schemas: what a rule test may expect of it. */
  readonly fields: FieldSchemas<K>;
  /** One line for the CLI report and `explain`: `+ label needs-info`. */
  describe(op: OperationOf<K>): string;
  /** The same for the Action's job summary, in Markdown: ``+`needs-info` ``. */
  markdown(op: OperationOf<K>): string;
  /** Which write it is, for an adapter's error message: `add-labels needs-info`. */
  brief(op: OperationOf<K>): string;
  /** What the first-run summary calls this kind of change: `labels added`. */
  readonly summaryName: string;
  /** The labels the first-run summary counts issue by issue (the label kinds only). */
  summaryLabels?(op: OperationOf<K>): readonly string[];
  /** The labels it adds and removes, when it changes labels (a priority kept as labels too). */
  labels?(op: OperationOf<K>): LabelChange;
  /** Present when it writes a comment: the notices that comment carries. */
  readonly notices?: NoticesOf<K>;
  /** Present when it assigns people. */
  readonly assigns?: Assigns<K>;
  /**
   * Present for the kinds an issue outside the scope may still get under `outside: quiet` (labels
   * and priority): the operation as it may be written there; undefined when nothing of it may.
   */
  quiet?(op: OperationOf<K>, labels: QuietLabels): OperationOf<K> | undefined;
  /** The rule actions (`then:` keys) that plan operations of this kind, in the order the schema lists them. */
  readonly actions?: readonly RuleAction[];
  /**
   * `writes`: applied after every tracker write of the plan (a channel notice), so that a channel
   * that fails never holds the writes back. Absent: applied in the plan's order.
   */
  readonly after?: "writes";
}
