/**
 * Holidays of a country, from a holiday data package. The core reads no package and no clock:
 * the loader's caller resolves a country to dates (and says what the data does not cover) and
 * passes them in.
 */

/** What the holiday data says about one country (and region). */
export interface CountryHolidays {
  /** Where the dates come from, e.g. `chinese-days 1.5.7`, for explain and reports. */
  source: string;
  /** Local dates off, `2026-10-01`. */
  holidays: readonly string[];
  /** Make-up working days (China's 调休), worked with the hours of a normal working day. */
  workdays: readonly string[];
  /** The years the data covers. */
  firstYear: number;
  lastYear: number;
  /** Set when the data is not enough for the instant the rules are used at (a year past its end). */
  warning?: string;
}

/** Resolve `{ country, region }`; `problem` says why it cannot be (an unknown country or region). */
export type CountryHolidayLookup = (country: string, region?: string) => CountryHolidays | { problem: string };

/** A `{ country: CN }` entry of a calendar's `holidays`. */
export interface CountryRef {
  country: string;
  region?: string | undefined;
}

/** Is this entry of `holidays` a country rather than a date? */
export function isCountryRef(item: unknown): item is CountryRef {
  return typeof item === "object" && item !== null && !(item instanceof Date) && !Array.isArray(item) && "country" in item;
}
