/** A business calendar: which instants are working time, and arithmetic over them. */

/**
 * Working time of one calendar. Instants are epoch milliseconds; "business ms" are the
 * milliseconds of working time between two instants. Never reads a clock.
 */
export interface Calendar {
  /** The name it was declared under (`24x7` for the built-in one). */
  readonly name: string;
  /** IANA time zone of the hours and dates (`UTC` for 24x7). */
  readonly timezone: string;
  /** Business ms in [a, b); 0 when b <= a. */
  between(a: number, b: number): number;
  /**
   * The first instant t >= start with between(start, t) === ms: for ms > 0, the instant the
   * ms-th business millisecond ends (so Friday 17:00 + 1h in a 09–18 calendar is Friday 18:00).
   * Returns start when ms <= 0, and Infinity when the calendar has no such working time within
   * 100 years.
   */
  add(start: number, ms: number): number;
  /** Business ms of one standard working day, the unit of `bd` durations (24 h for 24x7). */
  readonly dayMs: number;
  /** Is instant t working time? */
  isOpen(t: number): boolean;
  /** One line for explain output: `business (Asia/Shanghai, mon-fri 09:00-18:00, 12 holidays, 2 make-up days)`. */
  describe(): string;
}

/** A problem in a calendar declaration, located by its path inside the calendar's spec. */
export interface CalendarProblem {
  /** Keys and indexes from the calendar spec down, e.g. `["hours", "mon-fri"]` or `["holidays", 2]`. */
  path: (string | number)[];
  /** What was expected and what was found. */
  message: string;
}
