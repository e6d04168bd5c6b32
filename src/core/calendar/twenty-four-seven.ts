/** The built-in calendar where every instant is working time. */
import type { Calendar } from "./calendar.ts";
import { checkInstant } from "./check-instant.ts";
import { DAY_MS } from "./civil-day.ts";

/** A calendar where every instant is working time, under another name (`calendars: {always: 24x7}`). */
export function createTwentyFourSeven(name: string): Calendar {
  const summary = name === "24x7" ? "24x7 (every hour of every day)" : `${name} (24x7)`;
  return {
    name,
    timezone: "UTC",
    between(a, b) {
      if (!(b > a)) return 0;
      checkInstant(a);
      checkInstant(b);
      return b - a;
    },
    add(start, ms) {
      checkInstant(start);
      return ms > 0 ? start + ms : start;
    },
    dayMs: DAY_MS,
    isOpen(t) {
      checkInstant(t);
      return true;
    },
    describe: () => summary,
  };
}

/** The built-in `24x7` calendar. */
export const TWENTY_FOUR_SEVEN: Calendar = createTwentyFourSeven("24x7");
