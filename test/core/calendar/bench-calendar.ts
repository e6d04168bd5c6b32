/**
 * Calendar throughput, run by hand (not a test):
 *   node_modules/.bin/node test/core/calendar/bench-calendar.ts
 * Prints calls/s of between() and add() for spans of about a day, a week and a month, with a warm
 * cache, and the cost of a cold year.
 */
import type { Calendar } from "../../../src/core/calendar/calendar.ts";
import { compileCalendar } from "../../../src/core/calendar/compile-calendar.ts";

const H = 3_600_000;
const DAY = 24 * H;
const YEAR_START = Date.parse("2026-01-01T00:00:00Z");

const make = (name: string): Calendar => {
  const { calendar, problems } = compileCalendar(name, {
    timezone: "America/New_York",
    hours: { "mon-fri": ["09:00-12:00", "13:00-18:00"] },
    holidays: ["2026-01-01", "2026-05-25", "2026-07-03", "2026-09-07", "2026-11-26..2026-11-27", "2026-12-24..2026-12-25"],
    workdays: ["2026-12-26"],
  });
  if (calendar === undefined) throw new Error(JSON.stringify(problems));
  return calendar;
};

/** Pseudo-random instants over 2026 (fixed seed). */
function instants(n: number): Float64Array {
  const out = new Float64Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    out[i] = YEAR_START + Math.floor((x / 2_147_483_648) * 360 * DAY);
  }
  return out;
}

function rate(label: string, n: number, run: () => number): void {
  run(); // warm up the JIT and the caches
  const started = performance.now();
  const sink = run();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(28)} ${Math.round(n / seconds).toLocaleString("en-US").padStart(12)} calls/s  (checksum ${Math.round(sink) % 1000})`);
}

const cold = make("cold");
let started = performance.now();
cold.between(YEAR_START, YEAR_START + 365 * DAY);
console.log(`cold: between() over 2026, first call: ${(performance.now() - started).toFixed(1)} ms`);
started = performance.now();
cold.between(YEAR_START - 10 * 365 * DAY, YEAR_START);
console.log(`cold: between() over 2016–2025, first call: ${(performance.now() - started).toFixed(1)} ms`);
started = performance.now();
make("second").between(YEAR_START, YEAR_START + 365 * DAY);
console.log(`cold calendar, zone offsets already cached: between() over 2026: ${(performance.now() - started).toFixed(1)} ms`);

const cal = make("warm");
cal.between(YEAR_START - DAY * 40, YEAR_START + 400 * DAY);
const N = 500_000;
const starts = instants(N);
for (const [label, span, ms] of [
  ["~1 day", DAY, 4 * H],
  ["~1 week", 7 * DAY, 30 * H],
  ["~1 month", 30 * DAY, 150 * H],
  ["~1 year", 365 * DAY, 2000 * H],
] as const) {
  rate(`between() ${label}`, N, () => {
    let sum = 0;
    for (let i = 0; i < N; i++) sum += cal.between(starts[i] as number, (starts[i] as number) + span);
    return sum / H;
  });
  rate(`add() ${label}`, N, () => {
    let sum = 0;
    for (let i = 0; i < N; i++) sum += cal.add(starts[i] as number, ms) - (starts[i] as number);
    return sum / H;
  });
}
