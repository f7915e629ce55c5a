/** Times as the viewer reads them: in their own time zone and language. */
const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const day = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short" });

export const formatClock = (iso: string | Date) => clock.format(new Date(iso));
export const formatDay = (date: Date) => day.format(date);

/** Midnight (local time) of the day `offset` days from today. */
export function localDayStart(offset: number): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() + offset);
  return d;
}
