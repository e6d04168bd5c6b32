/**
 * Every clock kind, by name. Typed over the kind names, so that a kind without its module (or a
 * module without its name) does not compile; the rule file's schema, the compiler and the SLA
 * engine read the kinds from here.
 */
import { z } from "zod";
import type { ClockKindModule } from "./clock-kind.ts";
import type { ClockKind } from "./clock-kind-names.ts";
import { feedbackClock } from "./feedback.ts";
import { ClockSpec, type ClockSpecOutput, type KindSettings } from "./clock-settings.ts";
import { mitigationClock } from "./mitigation.ts";
import { resolutionClock } from "./resolution.ts";
import { responseClock } from "./response.ts";
import { updateClock } from "./update.ts";

export const CLOCK_KINDS: { readonly [K in ClockKind]: ClockKindModule<K> } = {
  response: responseClock,
  update: updateClock,
  mitigation: mitigationClock,
  resolution: resolutionClock,
  feedback: feedbackClock,
};

const BY_NAME = new Map<string, ClockKind>(Object.values(CLOCK_KINDS).flatMap((m) => m.names.map((name) => [name, m.kind] as const)));

/** The kind a clock of this name is without `kind:` (`first-response`: response), if any. */
export function kindNamed(name: string): ClockKind | undefined {
  return BY_NAME.get(name);
}

/** A clock's merged settings: its kind's, defaults applied, or as written when it has no kind. */
export type ClockEntry = KindSettings | (ClockSpecOutput & { kind: undefined });

/** `sla.clocks`: clocks by name, each with its kind's defaults once the kind is known. */
export const ClockEntries = z.record(z.string(), ClockSpec).transform((clocks, ctx): Record<string, ClockEntry> => {
  const out: Record<string, ClockEntry> = {};
  for (const [name, spec] of Object.entries(clocks)) {
    const kind = spec.kind ?? kindNamed(name);
    if (kind === undefined) {
      out[name] = { ...spec, kind: undefined };
      continue;
    }
    const settings = CLOCK_KINDS[kind].settings.safeParse(spec);
    if (settings.success) out[name] = { ...settings.data, kind };
    // A kind's settings take what every clock takes; should one refuse more, it says why.
    else for (const issue of settings.error.issues) ctx.issues.push({ code: "custom", message: issue.message, path: [name, ...issue.path], input: spec });
  }
  return out;
});
