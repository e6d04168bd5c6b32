/**
 * UTC offsets of an IANA time zone, found with Intl (the only source of tz data without a
 * dependency) and cached: Intl.DateTimeFormat costs microseconds per call, so offsets are sampled
 * on a 6-hour UTC grid and each change between two samples is located once by bisection.
 */

/** The UTC offsets of one time zone. `local = utc + offset`, in milliseconds. */
export interface ZoneOffsets {
  /** The offset in effect at instant `t`. */
  offsetAt(t: number): number;
  /**
   * Constant-offset pieces covering [from, to), in order, as a flat list
   * `[start0, end0, offset0, start1, end1, offset1, …]`.
   */
  segments(from: number, to: number): number[];
}

// No zone has changed its offset twice within 6 hours; the grid relies on that.
const GRID_MS = 6 * 3_600_000;

const zones = new Map<string, ZoneOffsets>();

// en-US with hourCycle h23 and an era: "3/8/2026 AD, 07:00:00".
const FORMAT_RE = /^(\d+)\/(\d+)\/(\d+) (?:AD|(BC)), (\d+):(\d+):(\d+)$/;

/** The (shared, cached) offsets of a time zone that Intl accepts. Throws RangeError for others. */
export function zoneOffsets(timeZone: string): ZoneOffsets {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    zone = createZoneOffsets(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}

function createZoneOffsets(timeZone: string): ZoneOffsets {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    era: "short",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const grid = new Map<number, number>();
  const changes = new Map<number, number>();

  const exactOffset = (t: number): number => {
    const whole = Math.floor(t / 1000) * 1000;
    // format() and a regex cost a third of formatToParts(); the parts are the fallback should
    // ICU ever render the pattern differently.
    const match = FORMAT_RE.exec(format.format(whole));
    const fields =
      match === null
        ? fieldsOfParts(format.formatToParts(whole))
        : match.slice(1).map((field, i) => (i === 3 ? (field === undefined ? 0 : 1) : Number(field)));
    const [month = 1, day = 1, year = 1970, bc = 0, hour = 0, minute = 0, second = 0] = fields;
    const local = new Date(0);
    local.setUTCFullYear(bc === 1 ? 1 - year : year, month - 1, day);
    local.setUTCHours(hour, minute, second, 0);
    return local.getTime() - whole;
  };

  const gridOffset = (j: number): number => {
    let offset = grid.get(j);
    if (offset === undefined) {
      offset = exactOffset(j * GRID_MS);
      grid.set(j, offset);
    }
    return offset;
  };

  /** The instant of the offset change between grid points j and j + 1 (whole seconds). */
  const changeAfter = (j: number): number => {
    let at = changes.get(j);
    if (at === undefined) {
      const before = gridOffset(j);
      let lo = j * GRID_MS;
      let hi = lo + GRID_MS;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (exactOffset(mid) === before) lo = mid;
        else hi = mid;
      }
      at = hi;
      changes.set(j, at);
    }
    return at;
  };

  const offsetAt = (t: number): number => {
    const j = Math.floor(t / GRID_MS);
    const before = gridOffset(j);
    const after = gridOffset(j + 1);
    if (before === after) return before;
    return t < changeAfter(j) ? before : after;
  };

  const segments = (from: number, to: number): number[] => {
    const out: number[] = [];
    const push = (start: number, end: number, offset: number): void => {
      const s = Math.max(start, from);
      const e = Math.min(end, to);
      if (s >= e) return;
      const n = out.length;
      if (n > 0 && out[n - 1] === offset && out[n - 2] === s) out[n - 2] = e;
      else out.push(s, e, offset);
    };
    const last = Math.floor((to - 1) / GRID_MS);
    for (let j = Math.floor(from / GRID_MS); j <= last; j++) {
      const start = j * GRID_MS;
      const before = gridOffset(j);
      const after = gridOffset(j + 1);
      if (before === after) {
        push(start, start + GRID_MS, before);
      } else {
        const at = changeAfter(j);
        push(start, at, before);
        push(at, start + GRID_MS, after);
      }
    }
    return out;
  };

  return { offsetAt, segments };
}

/** [month, day, year, bc (1 or 0), hour, minute, second] from formatToParts(). */
function fieldsOfParts(parts: readonly Intl.DateTimeFormatPart[]): number[] {
  const value = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const bc = parts.some((part) => part.type === "era" && part.value.startsWith("B")) ? 1 : 0;
  return [value("month"), value("day"), value("year"), bc, value("hour"), value("minute"), value("second")];
}
