/**
 * XMLTV documents for the ingest tests, written in times of one fixture day so that every schedule
 * lies inside the plausible range the origin accepts.
 */

/**
 * The day the tests' schedules lie on: tomorrow (UTC), so every time of it is inside the plausible
 * range around now (INGEST_PAST_DAYS / INGEST_FUTURE_DAYS).
 */
export const FIXTURE_DAY = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** An instant as `HH:MM` when it lies on the fixture day, else as its full ISO form. */
export function fixtureClock(d: Date): string {
  const iso = d.toISOString();
  return iso.startsWith(FIXTURE_DAY) ? iso.slice(11, 16) : iso;
}

/** XMLTV time on the fixture day, e.g. t("20:00") → "YYYYMMDD200000 +0000". */
export const t = (hhmm: string, offset = "+0000") =>
  `${FIXTURE_DAY.replaceAll("-", "")}${hhmm.replace(":", "")}00 ${offset}`;

/** ISO instant on the fixture day. */
export const iso = (hhmm: string) => `${FIXTURE_DAY}T${hhmm}:00Z`;

/** A minimal XMLTV document around programme elements. */
export function tv(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<tv>\n${body}\n</tv>\n`;
}

/** One programme element; `stop` omitted when null. */
export function prog(channel: string, start: string, stop: string | null, title: string, extra = ""): string {
  const stopAttr = stop === null ? "" : ` stop="${t(stop)}"`;
  return `<programme start="${t(start)}"${stopAttr} channel="${channel}"><title>${title}</title>${extra}</programme>`;
}

/**
 * One channel's programme elements, a line each, written as the kit reads schedules back
 * (`"08:00-09:00 News"`), so a test states what it posts and what it expects alike.
 */
export function programmes(channel: string, slots: string[]): string {
  return slots
    .map((slot) => {
      const parts = /^(\d\d:\d\d)-(\d\d:\d\d) (.+)$/.exec(slot);
      if (!parts) throw new Error(`not a "HH:MM-HH:MM Title" slot: ${slot}`);
      const [, start, stop, title] = parts as unknown as [string, string, string, string];
      return prog(channel, start, stop, title);
    })
    .join("\n");
}
