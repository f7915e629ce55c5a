/** Human (1-based) season and episode numbers from XMLTV `episode-num` elements. */
export interface EpisodeNumbers {
  season: number | null;
  episode: number | null;
}

/** `xmltv_ns` is "season.episode.part", each zero-based, each possibly empty or written "n/total". */
export function parseXmltvNs(value: string): EpisodeNumbers {
  const parts = value.split(".");
  return { season: zeroBasedPart(parts[0]), episode: zeroBasedPart(parts[1]) };
}

function zeroBasedPart(part: string | undefined): number | null {
  if (part === undefined) return null;
  const slash = part.indexOf("/");
  const number = (slash === -1 ? part : part.slice(0, slash)).trim();
  return /^[0-9]{1,6}$/.test(number) ? Number(number) + 1 : null;
}

const ONSCREEN_SXXEXX = /S(\d{1,4})\s*E(\d{1,6})/i;

/** Onscreen numbering is free text; only the common "S01E02" form is understood. */
export function parseOnscreen(value: string): EpisodeNumbers {
  const match = ONSCREEN_SXXEXX.exec(value);
  if (match === null) return { season: null, episode: null };
  return { season: Number(match[1]), episode: Number(match[2]) };
}
