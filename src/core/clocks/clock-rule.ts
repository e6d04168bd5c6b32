/** A compiled SLA clock, as evaluation reads it. */
import type { Calendar } from "../calendar/calendar.ts";
import type { Duration } from "../rules/duration.ts";
import type { ClockKind } from "./clock-kind-names.ts";

export interface ClockRule {
  name: string;
  kind: ClockKind;
  /** Targets per priority level; a level left out has no such clock. */
  targets: Map<string, Duration>;
  /** Calendar per priority level. */
  calendars: Map<string, Calendar>;
  /** mitigation: the label that records it. */
  label?: string | undefined;
  /** Whether sla.pause-when pauses this clock. */
  pauses: boolean;
}
