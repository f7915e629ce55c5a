/** Content type and cache policy per served file: playlists change every second, segments never. */

export interface ServedAs {
  contentType: string;
  cacheControl: string;
}

const PLAYLIST: ServedAs = {
  contentType: "application/vnd.apple.mpegurl",
  cacheControl: "public, max-age=1",
};
const SEGMENT = "public, max-age=86400, immutable";

const BY_EXTENSION: Record<string, ServedAs> = {
  ".m3u8": PLAYLIST,
  ".ts": { contentType: "video/mp2t", cacheControl: SEGMENT },
  ".m4s": { contentType: "video/iso.segment", cacheControl: SEGMENT },
  ".mp4": { contentType: "video/mp4", cacheControl: SEGMENT },
  ".aac": { contentType: "audio/aac", cacheControl: SEGMENT },
  ".vtt": { contentType: "text/vtt", cacheControl: SEGMENT },
};

export function servedAs(path: string): ServedAs {
  const dot = path.lastIndexOf(".");
  return (
    BY_EXTENSION[dot === -1 ? "" : path.slice(dot).toLowerCase()] ?? {
      contentType: "application/octet-stream",
      cacheControl: "public, max-age=60",
    }
  );
}
