/**
 * Reads the segment list of a VOD media playlist as ffmpeg writes it (`#EXTINF:<seconds>,` then
 * the segment URI). Only what the live window needs: URIs and durations, in order.
 */

export interface VodSegment {
  uri: string;
  /** Duration in milliseconds (integer, so loop arithmetic stays exact). */
  durationMs: number;
}

export function parseVodPlaylist(text: string): VodSegment[] {
  const segments: VodSegment[] = [];
  let pendingMs: number | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    const extinf = /^#EXTINF:([\d.]+)/.exec(line);
    if (extinf?.[1]) {
      pendingMs = Math.round(Number(extinf[1]) * 1000);
    } else if (!line.startsWith("#") && pendingMs !== null) {
      segments.push({ uri: line, durationMs: pendingMs });
      pendingMs = null;
    }
  }
  return segments;
}
