/**
 * Schemas of the texts rule files write values in (durations, percentages), apart from the rule
 * file's schema so that the pieces of it declared elsewhere (a clock kind's settings) can use them.
 */
import { z } from "zod";
import { isDurationText } from "./duration.ts";

/** `schema` with the description editors show for it. */
export const describe = <T extends z.ZodType>(schema: T, description: string): T => schema.meta({ description });

/** `15m`, `4h`, `1d`, `3bd` (business days), `1h30m`. */
export const DurationText = describe(
  z.string().refine(isDurationText, { message: "expected a duration like 15m, 4h, 1d or 3bd" }),
  "A duration: a number and a unit, repeatable — s, m (minutes), h, d (24 h), w, bd (business days of the clock's calendar). Examples: 15m, 4h, 1h30m, 3bd.",
);

export const PercentText = describe(
  z.string().regex(/^\d+(\.\d+)?%$/, { message: "expected a percentage like 75%" }),
  "A percentage such as 75%.",
);
