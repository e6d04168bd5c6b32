/**
 * A clock's settings in a rule file (`sla.clocks.<name>`): the keys every kind takes, and a
 * kind's own piece of them with its defaults. A file that extends another may set any one key;
 * the kind's defaults apply once the files are merged.
 */
import { z } from "zod";
import { DurationText } from "../rules/text-schemas.ts";
import { CLOCK_KIND_NAMES, type ClockKind } from "./clock-kind-names.ts";

const KIND_DESCRIPTION = "What stops the clock; default from the clock's name.";
const LABEL_DESCRIPTION = "mitigation: the label that records mitigation (default mitigated).";
const PAUSES_DESCRIPTION = "Does sla.pause-when pause this clock? Default: yes for resolution and update, no for response and mitigation.";

const shape = {
  kind: z.enum(CLOCK_KIND_NAMES).optional().meta({ description: KIND_DESCRIPTION }),
  targets: z.record(z.string(), DurationText).optional().meta({
    description: "Target per priority level; levels left out have no clock (P1: null removes an extended target). Required once files are merged.",
  }),
  calendar: z
    .union([z.string(), z.record(z.string(), z.string())])
    .optional()
    .meta({ description: "Calendar for this clock (or per priority); default sla.calendar." }),
  label: z.string().optional().meta({ description: LABEL_DESCRIPTION }),
  pauses: z.boolean().optional().meta({ description: PAUSES_DESCRIPTION }),
};

/** A clock of any kind, as one file writes it: every key optional, no defaults. */
export const ClockSpec = z.strictObject(shape);

export type ClockSpecInput = z.input<typeof ClockSpec>;
export type ClockSpecOutput = z.output<typeof ClockSpec>;

/** A clock's settings once its kind is known and the kind's defaults are applied. */
export type KindSettings = Omit<ClockSpecOutput, "kind" | "pauses"> & { kind: ClockKind; pauses: boolean };

/** What a kind's settings default to. */
export interface KindDefaults {
  pauses: boolean;
  /** The label that records the clock's stop, for kinds a label stops. */
  label?: string;
}

/** The settings of a clock of `kind`: the common keys with the kind's defaults. */
export function kindSettings(kind: ClockKind, defaults: KindDefaults): z.ZodType<KindSettings, ClockSpecInput> {
  return z.strictObject({
    ...shape,
    kind: z.enum(CLOCK_KIND_NAMES).default(kind).meta({ description: KIND_DESCRIPTION }),
    label: defaults.label === undefined ? shape.label : z.string().default(defaults.label).meta({ description: LABEL_DESCRIPTION }),
    pauses: z.boolean().default(defaults.pauses).meta({ description: PAUSES_DESCRIPTION }),
  });
}
