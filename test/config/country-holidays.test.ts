/**
 * `holidays: { country: … }` through the real loader: China's holidays and make-up working days
 * (调休) from chinese-days, other countries' public holidays from date-holidays; an unknown
 * country is a located diagnostic, and a year the data does not cover is a warning.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import { formatDiagnostic } from "../../src/core/rules/diagnostics.ts";

const NOW = Date.parse("2026-09-01T00:00:00Z");
const H = 3_600_000;

function read(calendar: string, now = NOW) {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-holidays-"));
  const file = join(dir, "shepherd.yml");
  writeFileSync(file, `extends: support\ncalendars:\n  business: ${calendar}\n`);
  const result = readRules(file, now);
  const clean = (d: Parameters<typeof formatDiagnostic>[0]) => formatDiagnostic(d).replaceAll(file, "<file>");
  return { rules: result.rules, errors: result.diagnostics.map(clean), warnings: (result.warnings ?? []).map(clean) };
}

function business(calendar: string, now = NOW) {
  const { rules, errors, warnings } = read(calendar, now);
  const found = rules?.calendars.get("business");
  if (!found) throw new Error(errors.join("\n"));
  return { calendar: found, warnings };
}

const cst = (local: string) => Date.parse(`${local}+08:00`);

describe("China: holidays and make-up working days (调休) from chinese-days", () => {
  const { calendar, warnings } = business("{ timezone: Asia/Shanghai, holidays: { country: CN } }");

  it("loads without a warning in a year the data covers, and says where the dates come from", () => {
    expect(warnings).toEqual([]);
    expect(calendar.describe()).toMatch(/^business \(Asia\/Shanghai, mon-fri 09:00-18:00, CN holidays 2004–20\d\d with make-up days \(chinese-days \d+\.\d+\.\d+\), /);
  });

  it.each([
    ["2026-10-01T12:00:00", false, "National Day"],
    ["2026-10-07T12:00:00", false, "the last day of the National Day week, a Wednesday"],
    ["2026-10-08T12:00:00", true, "Thursday after the week"],
    ["2026-10-10T12:00:00", true, "the make-up Saturday"],
    ["2026-09-20T12:00:00", true, "the make-up Sunday before the week"],
    ["2026-10-11T12:00:00", false, "an ordinary Sunday"],
    ["2026-02-17T12:00:00", false, "Spring Festival"],
    ["2026-02-14T12:00:00", true, "the Spring Festival make-up Saturday"],
  ])("%s open: %s (%s)", (local, open) => {
    expect(calendar.isOpen(cst(local))).toBe(open);
  });

  it("a 3bd target from Wednesday 30 September 17:00 falls due on the make-up Saturday 10 October at 17:00", () => {
    // Sep 30 17–18 (1 h), Oct 8 (9 h), Oct 9 (9 h), then 8 h of the make-up Saturday: 27 h = 3 × 9 h.
    expect(calendar.add(cst("2026-09-30T17:00:00"), 3 * calendar.dayMs)).toBe(cst("2026-10-10T17:00:00"));
    // The same days without the data: the week counts, and the due instant is days earlier.
    const plain = business("{ timezone: Asia/Shanghai }").calendar;
    expect(plain.add(cst("2026-09-30T17:00:00"), 3 * plain.dayMs)).toBe(cst("2026-10-05T17:00:00"));
  });

  it("dates listed beside the country count too, and win over its make-up days", () => {
    const mixed = business("{ timezone: Asia/Shanghai, holidays: [{ country: CN }, 2026-12-24, 2026-10-10] }").calendar;
    expect(mixed.isOpen(cst("2026-12-24T12:00:00"))).toBe(false);
    expect(mixed.isOpen(cst("2026-10-10T12:00:00"))).toBe(false);
    expect(mixed.isOpen(cst("2026-10-01T12:00:00"))).toBe(false);
  });

  it("a year past the data is a warning on the country's line; the rules still load", () => {
    const { rules, errors, warnings } = read("{ timezone: Asia/Shanghai, holidays: { country: CN } }", Date.parse("2031-03-01T00:00:00Z"));
    expect(errors).toEqual([]);
    expect(rules).toBeDefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^<file>:3:61: warning: calendars\.business\.holidays\.country: the holiday data \(chinese-days [\d.]+\) covers China from 2004 to 20\d\d; 2031's holidays and make-up working days are not in it, so they count as ordinary days\. Update issue-shepherd once the State Council has published them, or list them under holidays and workdays$/,
    );
  });
});

describe("other countries: public holidays from date-holidays", () => {
  it.each([
    ["US", "America/New_York", "2026-07-03T16:00:00Z", "Independence Day, observed on the Friday"],
    ["US", "America/New_York", "2026-11-26T17:00:00Z", "Thanksgiving"],
    ["GB", "Europe/London", "2026-12-28T12:00:00Z", "Boxing Day, substitute day"],
  ])("%s in %s: noon of %s is off (%s)", (country, zone, noon) => {
    const { calendar, warnings } = business(`{ timezone: ${zone}, holidays: { country: ${country} } }`);
    expect(warnings).toEqual([]);
    const offset = Date.parse(noon);
    expect(calendar.isOpen(offset)).toBe(false);
    // The working day before is worked as usual.
    expect(calendar.isOpen(offset - 7 * 24 * H)).toBe(true);
  });

  it("a region adds its own holidays: England's August bank holiday, not Scotland's", () => {
    const england = business("{ timezone: Europe/London, holidays: { country: GB, region: ENG } }").calendar;
    const scotland = business("{ timezone: Europe/London, holidays: { country: GB, region: SCT } }").calendar;
    expect(england.isOpen(Date.parse("2026-08-31T11:00:00Z"))).toBe(false);
    expect(scotland.isOpen(Date.parse("2026-08-31T11:00:00Z"))).toBe(true);
    expect(scotland.isOpen(Date.parse("2026-08-03T11:00:00Z"))).toBe(false);
  });
});

describe("what the loader refuses, located", () => {
  it.each([
    ["{ timezone: UTC, holidays: { country: XX } }", /^<file>:3:51: calendars\.business\.holidays\.country: expected a two-letter country code \(ISO 3166-1, like CN, US, GB, DE; the data knows \d+\), found "XX"$/],
    ["{ timezone: UTC, holidays: [2026-12-24, { country: USA }] }", /^<file>:3:64: calendars\.business\.holidays\[1\]\.country: expected a two-letter country code .*, found "USA"$/],
    ["{ timezone: UTC, holidays: { country: GB, region: XYZ } }", '<file>:3:63: calendars.business.holidays.region: expected a region of GB, found "XYZ" (GB has ALD, ENG, NIR, SCT, WLS)'],
  ])("%s", (calendar, message) => {
    const { rules, errors } = read(calendar);
    expect(rules).toBeUndefined();
    expect(errors).toHaveLength(1);
    if (typeof message === "string") expect(errors[0]).toBe(message);
    else expect(errors[0]).toMatch(message);
  });
});

describe("the core alone", () => {
  it("holds no holiday data: a loader that gives none says so, on the country's line", async () => {
    const { load, lines } = await import("../core/load-in-memory.ts");
    const { rules, messages } = load(lines("extends: support", "calendars:", "  business: { timezone: UTC, holidays: { country: CN } }"));
    expect(rules).toBeUndefined();
    expect(messages).toEqual([
      "rules.yml:3:51: calendars.business.holidays.country: expected holiday data to look CN up in, found none given to this loader; list the dates under holidays instead",
    ]);
  });
});
