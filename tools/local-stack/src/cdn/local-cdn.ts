/**
 * The local stand-in for S3 + CloudFront: serves the HLS test channels from `mediaDir` and lets
 * through only requests CloudFront would let through for the edge's signed policies (see
 * policy-check.ts). Media playlists (`<rendition>/index.m3u8`) are generated per request from
 * the encoded loop (`vod.m3u8` beside them), so the channels play as live without any encoder
 * running: live with a DVR window, and time-shifted (restart, catch-up) for MediaPackage's
 * `start`/`end` query on the master or a media playlist (see time-shift-query.ts), computed from
 * the clock — no extra encoding, no storage. A time-shifted playlist names its renditions and
 * segments with the same `start`/`end`, so a policy scoped to one window (as the edge signs
 * restart and catch-up) covers everything that window's playback fetches, and nothing live. `/logos/<slug>.svg` is public. CORS as CloudFront's response-headers policy has it:
 * only the configured web origins, never with credentials (the web player signs its requests in
 * the query), and a browser preflight is answered without a signature.
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, dirname, join, posix, resolve, sep } from "node:path";
import { VOD_PLAYLIST } from "../hls/ffmpeg-args.ts";
import { DEFAULT_DVR_WINDOW_MS, renderLoopPlaylist } from "../hls/live-playlist.ts";
import { LIVE_PLAYLIST, MASTER_PLAYLIST, withTimeShiftQuery } from "../hls/master-playlist.ts";
import { parseVodPlaylist, type VodSegment } from "../hls/vod-playlist.ts";
import { servedAs } from "./media-types.ts";
import { checkAccess, trustedSigner } from "./policy-check.ts";
import { readSignedRequest } from "./signed-request.ts";
import { readTimeShift } from "./time-shift-query.ts";

export interface LocalCdnOptions {
  port: number;
  host?: string;
  mediaDir: string;
  publicKeyPem: string;
  keyPairId: string;
  /** The CDN's public base URL, as the edge signs it; defaults to `http://<host>:<bound port>`. */
  baseUrl?: string;
  /** slug → SVG for `/logos/<slug>.svg`. */
  logos?: ReadonlyMap<string, string>;
  /** Epoch milliseconds; policy expiry, the live window and time-shift windows follow it. */
  clock?: () => number;
  /** How far back a live playlist reaches (default two hours). */
  dvrWindowMs?: number;
  /** Startover window (hours) per channel folder (its hlsPath, e.g. `/live/seeyoo-one`). */
  startoverHours?: ReadonlyMap<string, number>;
  /** Startover window of a channel not in `startoverHours` (default 168 h). */
  defaultStartoverHours?: number;
  /** Web origins (e.g. the edge's, which serves the web player) that may read the CDN's answers. */
  allowedOrigins?: readonly string[];
  /** Told about every refused request (the reason is also the 403's body). */
  onDenied?: (path: string, reason: string) => void;
}

export interface LocalCdn {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A channel's archive always reaches back at least a day locally. */
const MIN_STARTOVER_HOURS = 24;
const DEFAULT_STARTOVER_HOURS = 168;

type Reply = { status: number; headers: Record<string, string>; body?: string | Buffer; file?: string };

const text = (status: number, body: string, extra: Record<string, string> = {}): Reply => ({
  status,
  headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...extra },
  body: `${body}\n`,
});

/** CORS response headers: the caller's origin only when it is on the list, never credentials. */
function corsHeaders(origin: string | undefined, allowed: ReadonlySet<string>): Record<string, string> {
  if (origin === undefined || !allowed.has(origin)) return { vary: "Origin" };
  return { "access-control-allow-origin": origin, vary: "Origin" };
}

export async function startLocalCdn(options: LocalCdnOptions): Promise<LocalCdn> {
  const host = options.host ?? "127.0.0.1";
  const mediaRoot = resolve(options.mediaDir);
  const signer = trustedSigner(options.keyPairId, options.publicKeyPem);
  const clock = options.clock ?? Date.now;
  const logos = options.logos ?? new Map<string, string>();
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const dvrWindowMs = options.dvrWindowMs ?? DEFAULT_DVR_WINDOW_MS;
  const vodCache = new Map<string, { mtimeMs: number; segments: VodSegment[] }>();
  let baseUrl = options.baseUrl?.replace(/\/+$/, "") ?? "";

  async function loopSegments(vodFile: string): Promise<VodSegment[] | null> {
    const info = await stat(vodFile).catch(() => null);
    if (!info?.isFile()) return null;
    const cached = vodCache.get(vodFile);
    if (cached?.mtimeMs === info.mtimeMs) return cached.segments;
    const segments = parseVodPlaylist(await readFile(vodFile, "utf8"));
    vodCache.set(vodFile, { mtimeMs: info.mtimeMs, segments });
    return segments;
  }

  function startoverMs(channelFolder: string): number {
    const hours =
      options.startoverHours?.get(channelFolder) ?? options.defaultStartoverHours ?? DEFAULT_STARTOVER_HOURS;
    return Math.max(MIN_STARTOVER_HOURS, hours) * 3_600_000;
  }

  async function media(path: string, params: URLSearchParams): Promise<Reply> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return text(400, "BadRequest: malformed path");
    }
    if (decoded.split("/").some((part) => part === "..") || decoded.includes("\0")) {
      return text(400, "BadRequest: path traversal");
    }
    const file = resolve(join(mediaRoot, decoded));
    if (!file.startsWith(`${mediaRoot}${sep}`)) return text(404, "NoSuchKey");
    const name = basename(file);
    const isPlaylist = name === LIVE_PLAYLIST || name === MASTER_PLAYLIST;
    // The channel folder holds master.m3u8; a media playlist sits one rendition folder below it.
    const channelFolder = posix.dirname(name === LIVE_PLAYLIST ? posix.dirname(decoded) : decoded);
    const nowMs = clock();
    const shift = isPlaylist ? readTimeShift(params, nowMs, startoverMs(channelFolder)) : null;
    if (shift && !shift.ok) {
      return text(shift.status, `${shift.status === 404 ? "NotFound" : "BadRequest"}: ${shift.reason}`);
    }
    const playlistHeaders = {
      "content-type": servedAs(file).contentType,
      "cache-control": servedAs(file).cacheControl,
    };
    if (name === LIVE_PLAYLIST) {
      const segments = await loopSegments(join(dirname(file), VOD_PLAYLIST));
      if (segments && segments.length > 0) {
        if (!shift?.ok) {
          const live = renderLoopPlaylist(segments, nowMs, { kind: "live", windowMs: dvrWindowMs });
          return { status: 200, headers: playlistHeaders, body: live };
        }
        // Segments carry the window's query too, so a grant scoped to that query covers them.
        const body = withTimeShiftQuery(renderLoopPlaylist(segments, nowMs, shift.view), shift.query);
        return { status: 200, headers: playlistHeaders, body };
      }
    }
    if (name === MASTER_PLAYLIST && shift?.ok) {
      const master = await readFile(file, "utf8").catch(() => null);
      if (master === null) return text(404, "NoSuchKey: the CDN has no such file");
      return { status: 200, headers: playlistHeaders, body: withTimeShiftQuery(master, shift.query) };
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return text(404, "NoSuchKey: the CDN has no such file");
    const { contentType, cacheControl } = servedAs(file);
    return {
      status: 200,
      headers: {
        "content-type": contentType,
        "cache-control": cacheControl,
        "content-length": String(info.size),
        "last-modified": info.mtime.toUTCString(),
      },
      file,
    };
  }

  // A browser's preflight carries no signature (it never does): answered from the origin list alone.
  function preflight(req: IncomingMessage): Reply {
    const origin = req.headers.origin;
    if (origin === undefined || !allowedOrigins.has(origin)) {
      return text(403, "AccessDenied: CORS preflight from an origin that is not allowed");
    }
    return {
      status: 204,
      headers: {
        "access-control-allow-methods": "GET, HEAD",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "",
        "access-control-max-age": "600",
        // Chromium's Private Network Access preflight, for a player page served from a non-loopback address.
        ...(req.headers["access-control-request-private-network"] === "true"
          ? { "access-control-allow-private-network": "true" }
          : {}),
      },
    };
  }

  async function handle(req: IncomingMessage): Promise<Reply> {
    if (req.method === "OPTIONS") return preflight(req);
    if (req.method !== "GET" && req.method !== "HEAD") {
      return text(405, "MethodNotAllowed", { allow: "GET, HEAD, OPTIONS" });
    }
    const signed = readSignedRequest(req.url ?? "/", req.headers.cookie);
    const logo = /^\/logos\/([^/]+)\.svg$/.exec(signed.path);
    if (logo?.[1]) {
      const svg = logos.get(decodeURIComponent(logo[1]));
      if (!svg) return text(404, "NoSuchKey: no logo for this channel");
      return {
        status: 200,
        headers: { "content-type": "image/svg+xml; charset=utf-8", "cache-control": "public, max-age=3600" },
        body: svg,
      };
    }
    const decision = checkAccess(
      signed.credentials,
      { url: `${baseUrl}${signed.unsignedTarget}`, clientIp: req.socket.remoteAddress ?? "", nowMs: clock() },
      signer,
    );
    if (!decision.allowed) {
      options.onDenied?.(signed.path, decision.reason);
      return text(403, `AccessDenied: ${decision.reason}`);
    }
    // The query without the signing parameters: what the manifest is asked for.
    const query = signed.unsignedTarget.slice(signed.path.length + 1);
    return media(signed.path, new URLSearchParams(query));
  }

  function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
    const headers = { ...reply.headers, ...corsHeaders(req.headers.origin, allowedOrigins) };
    if (reply.body !== undefined && headers["content-length"] === undefined) {
      headers["content-length"] = String(Buffer.byteLength(reply.body));
    }
    res.writeHead(reply.status, headers);
    if (req.method === "HEAD") {
      res.end();
    } else if (reply.file) {
      const stream = createReadStream(reply.file);
      stream.on("error", () => res.destroy());
      stream.pipe(res);
    } else {
      res.end(reply.body);
    }
  }

  const server = createServer((req, res) => {
    handle(req).then(
      (reply) => send(req, res, reply),
      (error: unknown) => {
        console.error(`[cdn] ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) send(req, res, text(500, "InternalError"));
        else res.destroy();
      },
    );
  });
  await new Promise<void>((ready, fail) => {
    server.once("error", fail);
    server.listen(options.port, host, () => ready());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  baseUrl ||= url;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
