/**
 * Schemas of the names and lists rule files write, apart from the rule file's schema so that the
 * pieces of it declared elsewhere (an operation kind's rule action) can use them.
 */
import { z } from "zod";

/** One text or a list of them: `label: bug` or `label: [bug, ui]`. */
export const StringList = z.union([z.string(), z.array(z.string())]);

/** A name that is not empty. */
export const Id = z.string().min(1);

/** The priority level names. */
export const PriorityName = z.string().regex(/^[A-Za-z][\w-]*$/, { message: "expected a priority name like P0" }).meta({
  description: "A priority level name, as declared under priority.levels (P0 … P3 in the support preset).",
});
