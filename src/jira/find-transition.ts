/**
 * Transitions by name. Jira moves issues only through the transitions the workflow
 * offers from the current status, so the tool lists them (`GET …/transitions`) and picks one by
 * its name or the name of the status it leads to; reopen and close use configurable name lists,
 * then fall back on the status category of the target.
 */

/** Transition names tried for reopen and close, in order (case-insensitive). */
export interface TransitionNames {
  reopen: string[];
  /** Close as completed. */
  close: string[];
  /** Close as not planned (won't do). */
  closeNotPlanned: string[];
}

export const DEFAULT_TRANSITION_NAMES: TransitionNames = {
  reopen: ["Reopen", "Reopen Issue", "Reopened", "Back to To Do", "To Do", "Open", "Back to In Progress", "In Progress"],
  close: ["Done", "Resolve", "Resolve Issue", "Resolved", "Close", "Close Issue", "Closed", "Complete", "Completed"],
  closeNotPlanned: ["Won't Do", "Won't Fix", "Cancel", "Cancelled", "Canceled", "Decline", "Declined", "Reject", "Rejected"],
};

export interface AvailableTransition {
  id: string;
  name: string;
  /** Name of the status it leads to. */
  to: string;
  /** `new`, `indeterminate` or `done`. */
  toCategory: string;
}

const str = (value: unknown): string => (typeof value === "string" ? value : "");

/** The transitions in an answer of `GET /issue/{key}/transitions`. */
export function readTransitions(answer: unknown): AvailableTransition[] {
  const list = typeof answer === "object" && answer !== null ? (answer as { transitions?: unknown }).transitions : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw: unknown) => {
    if (typeof raw !== "object" || raw === null) return [];
    const record = raw as Record<string, unknown>;
    const to = typeof record.to === "object" && record.to !== null ? (record.to as Record<string, unknown>) : {};
    const category = typeof to.statusCategory === "object" && to.statusCategory !== null ? (to.statusCategory as Record<string, unknown>) : {};
    const id = typeof record.id === "number" ? String(record.id) : str(record.id);
    if (id === "" || record.isAvailable === false) return [];
    return [{ id, name: str(record.name), to: str(to.name), toCategory: str(category.key) }];
  });
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The first transition whose name, or target status name, is one of `names` (in the order of `names`). */
export function findByName(transitions: readonly AvailableTransition[], names: readonly string[]): AvailableTransition | undefined {
  for (const name of names) {
    const found = transitions.find((t) => same(t.name, name)) ?? transitions.find((t) => same(t.to, name));
    if (found !== undefined) return found;
  }
  return undefined;
}

export type TransitionIntent =
  | { kind: "named"; name: string }
  | { kind: "reopen" }
  | { kind: "close"; reason: "completed" | "not_planned" };

/**
 * Pick the transition for an intent. For a close as not planned without a won't-do transition,
 * a plain close is returned with `resolution` set, so the caller can record the resolution.
 */
export function pickTransition(
  transitions: readonly AvailableTransition[],
  intent: TransitionIntent,
  names: TransitionNames,
): { transition: AvailableTransition; resolution?: string } | undefined {
  switch (intent.kind) {
    case "named": {
      const found = findByName(transitions, [intent.name]);
      return found === undefined ? undefined : { transition: found };
    }
    case "reopen": {
      const found =
        findByName(transitions, names.reopen) ??
        transitions.find((t) => t.toCategory === "new") ??
        transitions.find((t) => t.toCategory === "indeterminate");
      return found === undefined ? undefined : { transition: found };
    }
    case "close": {
      if (intent.reason === "not_planned") {
        const wontDo = findByName(transitions, names.closeNotPlanned);
        if (wontDo !== undefined) return { transition: wontDo };
      }
      const found = findByName(transitions, names.close) ?? transitions.find((t) => t.toCategory === "done");
      if (found === undefined) return undefined;
      return intent.reason === "not_planned" ? { transition: found, resolution: "Won't Do" } : { transition: found };
    }
  }
}

/** "no transition named X from here; available: A (→ B), …" */
export function describeMissing(intent: TransitionIntent, transitions: readonly AvailableTransition[]): string {
  const wanted =
    intent.kind === "named" ? `named "${intent.name}"` : intent.kind === "reopen" ? "to reopen the issue" : `to close the issue (${intent.reason})`;
  const available = transitions.length === 0 ? "none" : transitions.map((t) => `"${t.name}" (→ ${t.to})`).join(", ");
  return `no Jira transition ${wanted} is available from the issue's current status; available: ${available}`;
}
