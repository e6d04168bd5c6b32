/**
 * Country holidays for `holidays: { country: … }`, from holiday data packages: China from
 * `chinese-days` (the State Council's holidays and make-up working days, 调休, year by year as
 * published), every other country from `date-holidays` (public holidays by rule, any year; it
 * does not know China's make-up days). Dates are resolved here, outside the core, at rule loading.
 */
import Holidays from "date-holidays";
import chineseDays from "chinese-days/dist/chinese-days.json" with { type: "json" };
import chineseDaysPackage from "chinese-days/package.json" with { type: "json" };
import dateHolidaysPackage from "date-holidays/package.json" with { type: "json" };
import type { CountryHolidayLookup, CountryHolidays } from "../core/calendar/country-holidays.ts";

/** Years around `now` computed from date-holidays' rules: enough for any clock, cheap to build. */
const RULE_YEARS_BEFORE = 5;
const RULE_YEARS_AFTER = 5;

function chinaFromChineseDays(nowYear: number): CountryHolidays {
  const holidays = Object.keys(chineseDays.holidays).sort();
  const workdays = Object.keys(chineseDays.workdays).sort();
  const years = holidays.map((d) => Number(d.slice(0, 4)));
  const firstYear = Math.min(...years);
  const lastYear = Math.max(...years);
  const source = `chinese-days ${chineseDaysPackage.version}`;
  const result: CountryHolidays = { source, holidays, workdays, firstYear, lastYear };
  if (nowYear > lastYear) {
    result.warning =
      `the holiday data (${source}) covers China from ${firstYear} to ${lastYear}; ${nowYear}'s holidays and make-up working days are not in it, so they count as ordinary days. ` +
      `Update issue-shepherd once the State Council has published them, or list them under holidays and workdays`;
  }
  return result;
}

/** The lookup the loader uses, for rules used at `now` (the year a warning is about). */
export function countryHolidayLookup(now: number): CountryHolidayLookup {
  const nowYear = new Date(now).getUTCFullYear();
  let countries: Record<string, string> | undefined;
  return (country, region) => {
    const code = country.toUpperCase();
    if (code === "CN" && region === undefined) return chinaFromChineseDays(nowYear);
    const reader = new Holidays();
    countries ??= reader.getCountries("en");
    const known = Object.keys(countries);
    if (!known.includes(code)) {
      // No "did you mean": every two-letter code is a letter or two from dozens of others.
      return { problem: `expected a two-letter country code (ISO 3166-1, like CN, US, GB, DE; the data knows ${known.length}), found ${JSON.stringify(country)}` };
    }
    if (code === "CN") return { problem: `expected no region for CN (its holidays and make-up days are national), found ${JSON.stringify(region)}` };
    if (region !== undefined) {
      const regions = Object.keys(reader.getStates(code, "en") ?? {});
      if (!regions.includes(region.toUpperCase())) {
        const listed = regions.length === 0 ? `${code} has none in the data` : `${code} has ${regions.join(", ")}`;
        return { problem: `expected a region of ${code}, found ${JSON.stringify(region)} (${listed})` };
      }
    }
    const data = region === undefined ? new Holidays(code) : new Holidays(code, region.toUpperCase());
    const firstYear = nowYear - RULE_YEARS_BEFORE;
    const lastYear = nowYear + RULE_YEARS_AFTER;
    const holidays = new Set<string>();
    for (let year = firstYear; year <= lastYear; year++) {
      // Public holidays only: bank, school, optional days and observances are working days for most teams.
      for (const day of data.getHolidays(year, "en")) if (day.type === "public") holidays.add(day.date.slice(0, 10));
    }
    return { source: `date-holidays ${dateHolidaysPackage.version}`, holidays: [...holidays].sort(), workdays: [], firstYear, lastYear };
  };
}
