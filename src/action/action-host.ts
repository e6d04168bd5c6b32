/**
 * What the Action needs from its runner, injected so that the composition root reads no global:
 * the environment, the clock, fetch, and the workflow commands of @actions/core.
 */

/** Where an annotation points: the rule file's line and column. */
export interface AnnotationPlace {
  file?: string;
  startLine?: number;
  startColumn?: number;
  title?: string;
}

export interface ActionHost {
  /** The runner's environment (GITHUB_*, INPUT_*, RUNNER_TEMP). */
  env: Readonly<Record<string, string | undefined>>;
  now(): number;
  fetch?: typeof globalThis.fetch;
  info(message: string): void;
  debug(message: string): void;
  notice(message: string): void;
  warning(message: string, place?: AnnotationPlace): void;
  error(message: string, place?: AnnotationPlace): void;
  setFailed(message: string): void;
  setOutput(name: string, value: string): void;
  /** Append Markdown to the job summary. */
  writeSummary(markdown: string): Promise<void>;
}

/** An input as @actions/core reads it: `INPUT_<NAME>` upper-cased, spaces as underscores, trimmed. */
export function getInput(env: ActionHost["env"], name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}
