/** Instants for the restart and catch-up tests, as guides and the edge's CDN URLs write them. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A minute-aligned instant `offsetMs` from now, as guides have them. */
export const at = (offsetMs: number) => new Date(Math.floor((Date.now() + offsetMs) / MINUTE) * MINUTE);

export const iso = (d: Date) => d.toISOString();

/** What the edge puts in the CDN URL: ISO 8601 UTC to the second, `:` encoded. */
export const param = (d: Date) => encodeURIComponent(d.toISOString().replace(".000Z", "Z"));
