/**
 * Holidays from iCalendar text (RFC 5545): every all-day VEVENT covers its dates, DTSTART up to
 * DTEND exclusive (or DURATION, or one day). Yearly recurrences (FREQ=YEARLY with INTERVAL,
 * COUNT, UNTIL, BYMONTH, BYMONTHDAY, BYDAY=4TH, EXDATE) are kept as rules, so they hold in every
 * year. Timed and cancelled events are skipped. Dates are floating: local dates of the calendar.
 */
import { isCivilDate, toCivilDate, toDayNumber } from "./civil-day.ts";
import type { DayRange, YearlyRule } from "./day-set.ts";

/** A problem in the .ics text, at a 1-based line of the file. */
export interface IcsProblem {
  line: number;
  message: string;
}

/** The holidays of an .ics file. */
export interface IcsHolidays {
  ranges: DayRange[];
  yearly: YearlyRule[];
  problems: IcsProblem[];
}

interface Property {
  name: string;
  params: Map<string, string>;
  value: string;
  line: number;
}

const DATE_RE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})(\d{2})(\d{2})T\d{6}Z?$/;
const DURATION_RE = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:0+H)?(?:0+M)?(?:0+S)?)?$/;
const BYDAY_RE = /^([+-]?[1-5])(MO|TU|WE|TH|FR|SA|SU)$/;
const ICAL_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/** Parse .ics text into holiday ranges and yearly rules. Never throws. */
export function parseIcs(text: string): IcsHolidays {
  const result: IcsHolidays = { ranges: [], yearly: [], problems: [] };
  const lines = unfold(text);
  const first = lines.find((l) => l.text.trim() !== "");
  if (first === undefined || first.text.trim().toUpperCase() !== "BEGIN:VCALENDAR") {
    result.problems.push({
      line: first?.line ?? 1,
      message: `expected an iCalendar file starting with BEGIN:VCALENDAR, found ${first === undefined ? "an empty file" : JSON.stringify(clip(first.text))}`,
    });
    return result;
  }
  const stack: string[] = [];
  let event: { line: number; properties: Property[] } | undefined;
  for (const { text: raw, line } of lines) {
    if (raw.trim() === "") continue;
    const property = parseProperty(raw, line);
    if (property === undefined) {
      result.problems.push({ line, message: `expected a content line like NAME:value, found ${JSON.stringify(clip(raw))}` });
      continue;
    }
    const value = property.value.trim().toUpperCase();
    if (property.name === "BEGIN") {
      stack.push(value);
      if (value === "VEVENT" && stack.length === 2) event = { line, properties: [] };
    } else if (property.name === "END") {
      const open = stack.pop();
      if (open !== value) {
        result.problems.push({
          line,
          message: `expected ${open === undefined ? "nothing after END:VCALENDAR" : `END:${open}`}, found ${JSON.stringify(clip(raw))}`,
        });
        return result;
      }
      if (value === "VEVENT" && event !== undefined && stack.length === 1) {
        addEvent(event.line, event.properties, result);
        event = undefined;
      }
    } else if (event !== undefined && stack.length === 2) {
      event.properties.push(property);
    }
  }
  if (stack.length > 0) {
    const line = lines.findLast((l) => l.text.trim() !== "")?.line ?? 1;
    result.problems.push({ line, message: `expected END:${stack.at(-1)}, found the end of the file` });
  }
  return result;
}

/** Logical lines: a line starting with a space or tab continues the previous one (RFC 5545 §3.1). */
function unfold(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\n|\r/)
    .forEach((physical, i) => {
      const last = out.at(-1);
      if (last !== undefined && (physical.startsWith(" ") || physical.startsWith("\t"))) last.text += physical.slice(1);
      else out.push({ text: physical, line: i + 1 });
    });
  return out;
}

function parseProperty(text: string, line: number): Property | undefined {
  // The value starts at the first colon outside a quoted parameter value.
  let quoted = false;
  const cuts: number[] = [];
  let colon = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ";") cuts.push(i);
    else if (!quoted && c === ":") {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return undefined;
  const starts = [0, ...cuts.map((c) => c + 1)];
  const ends = [...cuts, colon];
  const fields = starts.map((start, i) => text.slice(start, ends[i]));
  const name = (fields[0] ?? "").trim().toUpperCase();
  if (!/^[A-Z0-9-]+$/.test(name)) return undefined;
  const params = new Map<string, string>();
  for (const field of fields.slice(1)) {
    const eq = field.indexOf("=");
    if (eq > 0) params.set(field.slice(0, eq).trim().toUpperCase(), field.slice(eq + 1).replaceAll('"', "").trim());
  }
  return { name, params, value: text.slice(colon + 1), line };
}

type DateValue = { day: number; timed: boolean } | { message: string };

function parseDateValue(property: Property): DateValue {
  const value = property.value.trim();
  const match = DATE_RE.exec(value) ?? DATE_TIME_RE.exec(value);
  const isDate = DATE_RE.test(value);
  if (match === null || (property.params.get("VALUE")?.toUpperCase() === "DATE" && !isDate)) {
    return { message: `expected ${property.name} like 20261001 or 20261001T090000Z, found ${JSON.stringify(clip(value))}` };
  }
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  if (!isCivilDate(year, month, day)) return { message: `expected a real date in ${property.name}, found ${JSON.stringify(value)}` };
  return { day: toDayNumber(year, month, day), timed: !isDate };
}

function addEvent(line: number, properties: readonly Property[], result: IcsHolidays): void {
  const problem = (at: number, message: string): void => {
    result.problems.push({ line: at, message });
  };
  const get = (name: string): Property | undefined => properties.find((p) => p.name === name);
  if (get("STATUS")?.value.trim().toUpperCase() === "CANCELLED") return;
  const dtstart = get("DTSTART");
  if (dtstart === undefined) {
    problem(line, "expected DTSTART in the event, found none");
    return;
  }
  const start = parseDateValue(dtstart);
  if ("message" in start) {
    problem(dtstart.line, start.message);
    return;
  }
  if (start.timed) return; // not an all-day event
  let days = 1;
  const dtend = get("DTEND");
  const duration = get("DURATION");
  if (dtend !== undefined) {
    const end = parseDateValue(dtend);
    if ("message" in end || end.timed) {
      problem(dtend.line, `expected DTEND like 20261002 (the day after the last day off), found ${JSON.stringify(clip(dtend.value.trim()))}`);
      return;
    }
    // DTEND is exclusive; some producers repeat DTSTART for a one-day event.
    days = Math.max(1, end.day - start.day);
  } else if (duration !== undefined) {
    const match = DURATION_RE.exec(duration.value.trim());
    if (match === null || (match[1] === undefined && match[2] === undefined)) {
      problem(duration.line, `expected a DURATION of whole days like P1D or P1W, found ${JSON.stringify(clip(duration.value.trim()))}`);
      return;
    }
    days = Math.max(1, Number(match[1] ?? 0) * 7 + Number(match[2] ?? 0));
  }
  const except = new Set<number>();
  for (const exdate of properties.filter((p) => p.name === "EXDATE")) {
    for (const value of exdate.value.split(",")) {
      const date = parseDateValue({ ...exdate, value });
      if ("message" in date) problem(exdate.line, date.message);
      else except.add(date.day);
    }
  }
  if (!except.has(start.day)) result.ranges.push({ first: start.day, last: start.day + days - 1 });
  for (const rdate of properties.filter((p) => p.name === "RDATE")) {
    for (const value of rdate.value.split(",")) {
      const date = parseDateValue({ ...rdate, value });
      if ("message" in date) problem(rdate.line, date.message);
      else result.ranges.push({ first: date.day, last: date.day + days - 1 });
    }
  }
  const rrule = get("RRULE");
  if (rrule === undefined) return;
  const rule = parseRrule(rrule, start.day, days, except);
  if (typeof rule === "string") problem(rrule.line, rule);
  else result.yearly.push(rule);
}

function parseRrule(property: Property, from: number, days: number, except: Set<number>): YearlyRule | string {
  const text = property.value.trim();
  const parts = new Map<string, string>();
  for (const part of text.split(";")) {
    const eq = part.indexOf("=");
    parts.set(part.slice(0, eq).trim().toUpperCase(), part.slice(eq + 1).trim().toUpperCase());
  }
  const found = `found ${JSON.stringify(clip(text))}`;
  if (parts.get("FREQ") !== "YEARLY") return `expected a yearly RRULE like FREQ=YEARLY, ${found}`;
  const unsupported = [...parts.keys()].filter((k) => !["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYMONTHDAY", "BYDAY", "WKST"].includes(k));
  if (unsupported.length > 0) {
    return `expected an RRULE with only FREQ, INTERVAL, COUNT, UNTIL, BYMONTH, BYMONTHDAY and BYDAY, ${found}`;
  }
  const start = toCivilDate(from);
  const rule: YearlyRule = { month: start.month, days, from, interval: 1, except };
  const integer = (key: string, min: number, max: number): number | undefined | string => {
    const value = parts.get(key);
    if (value === undefined) return undefined;
    const n = Number(value);
    return /^\d+$/.test(value) && n >= min && n <= max ? n : `expected ${key} to be a number from ${min} to ${max}, ${found}`;
  };
  const interval = integer("INTERVAL", 1, 1000);
  const count = integer("COUNT", 1, 100_000);
  const month = integer("BYMONTH", 1, 12);
  const monthDay = integer("BYMONTHDAY", 1, 31);
  for (const value of [interval, count, month, monthDay]) if (typeof value === "string") return value;
  if (typeof interval === "number") rule.interval = interval;
  if (typeof count === "number") rule.count = count;
  if (typeof month === "number") rule.month = month;
  const byday = parts.get("BYDAY");
  if (byday !== undefined) {
    const match = BYDAY_RE.exec(byday);
    if (match === null || month === undefined || monthDay !== undefined) {
      return `expected BYDAY like 4TH or -1MO together with BYMONTH, ${found}`;
    }
    rule.weekday = { n: Number(match[1]), day: ICAL_WEEKDAYS.indexOf(match[2] as string) };
  } else {
    rule.monthDay = typeof monthDay === "number" ? monthDay : start.day;
  }
  const until = parts.get("UNTIL");
  if (until !== undefined) {
    const date = parseDateValue({ ...property, name: "UNTIL", value: until, params: new Map() });
    if ("message" in date) return date.message;
    rule.until = date.day;
  }
  return rule;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
