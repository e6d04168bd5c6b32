/** The review as JSON: the figures as computed, stable keys, indented for reading and diffing. */
import type { Review } from "./review.ts";

/** The review as pretty-printed JSON with a final line break. */
export function formatJson(review: Review): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}
