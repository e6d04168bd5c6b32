/** Short text of weekly working hours, for explain output. */

/** Weekday keys in the order of `BusinessHours.week` (0 = Monday). */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** `09:00` for ms after local midnight (`24:00` for the end of the day). */
export function formatTimeOfDay(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** `mon-fri 09:00-12:00+13:00-18:00, sat 10:00-14:00`; `daily …` when every day is alike; `no hours` when empty. */
export function describeWeek(week: readonly (readonly number[])[]): string {
  const texts = WEEKDAYS.map((_, i) => {
    const intervals = week[i] ?? [];
    const parts: string[] = [];
    for (let j = 1; j < intervals.length; j += 2) {
      parts.push(`${formatTimeOfDay(intervals[j - 1] as number)}-${formatTimeOfDay(intervals[j] as number)}`);
    }
    return parts.join("+");
  });
  if (texts[0] !== "" && texts.every((text) => text === texts[0])) return `daily ${texts[0]}`;
  const groups: string[] = [];
  for (let i = 0; i < 7; ) {
    const text = texts[i] as string;
    let j = i;
    while (j + 1 < 7 && texts[j + 1] === text) j++;
    if (text !== "") groups.push(`${WEEKDAYS[i]}${j > i ? `-${WEEKDAYS[j]}` : ""} ${text}`);
    i = j + 1;
  }
  return groups.length > 0 ? groups.join(", ") : "no hours";
}
