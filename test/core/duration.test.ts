import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration, parsePercent } from "../../src/core/rules/duration.ts";

describe("durations", () => {
  it.each([
    ["15m", 900_000, 0],
    ["4h", 14_400_000, 0],
    ["1d", 86_400_000, 0],
    ["3bd", 0, 3],
    ["1h30m", 5_400_000, 0],
    ["1bd4h", 14_400_000, 1],
  ])("%s", (text, ms, businessDays) => {
    expect(parseDuration(text)).toEqual({ text, ms, businessDays });
  });
  it.each(["", "4", "4 hours", "h4", "-1h"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
  it("formats", () => {
    expect([formatDuration(45_000), formatDuration(900_000), formatDuration(3_900_000), formatDuration(93_600_000)]).toEqual(["45s", "15m", "1h 05m", "1d 2h"]);
  });
  it("percentages", () => {
    expect([parsePercent("75%"), parsePercent("75"), parsePercent("12.5%")]).toEqual([0.75, undefined, 0.125]);
  });
});
