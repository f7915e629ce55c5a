/**
 * `npm run web:build` — builds the web player into web/dist/ (git-ignored), which the edge Worker
 * serves as static assets on the API's own origin (wrangler.toml [assets]):
 *   1. API types from the edge's OpenAPI document (src/api/schema.generated.ts),
 *   2. the app bundled by esbuild (content-hashed files under /assets/, hls.js as a lazy chunk),
 *   3. icons, the web manifest, index.html, the service worker (caching exactly these files),
 *   4. the edge's API reference files under /docs/ (not part of the player's offline shell),
 *   5. _headers: hashed assets are immutable; the HTML and the service worker always revalidate.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { edgeApiReferenceFiles } from "./api-reference-files.ts";
import { generateApiTypes } from "./api-types.ts";
import { pngIcon } from "./png-icon.ts";

const web = fileURLToPath(new URL("..", import.meta.url));
const src = join(web, "src");
const dist = join(web, "dist");

const manifest = {
  name: "SEEYOO Live TV",
  short_name: "SEEYOO",
  description: "Live TV channels and the programme guide",
  id: "/",
  start_url: "/",
  scope: "/",
  display: "standalone",
  orientation: "any",
  background_color: "#14121f",
  theme_color: "#14121f",
  icons: [
    { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
    { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
    { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    { src: "/icons/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
  ],
};

const HEADERS = `/assets/*
  Cache-Control: public, max-age=31536000, immutable
/sw.js
  Cache-Control: no-cache
/manifest.webmanifest
  Cache-Control: public, max-age=300
/*
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
`;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Makes `dir` hold exactly `files`, touching only what changed (a rebuild of the same sources is a no-op). */
function syncDir(dir: string, files: Map<string, Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  const existing = new Set(filesUnder(dir).map((path) => `/${relative(dir, path)}`));
  for (const [path, contents] of files) {
    const target = join(dir, path);
    if (existing.has(path) && Buffer.from(readFileSync(target)).equals(contents)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contents);
  }
  for (const path of existing) if (!files.has(path)) rmSync(join(dir, path));
}

export async function buildWeb(options: { quiet?: boolean } = {}): Promise<void> {
  const started = Date.now();
  await generateApiTypes();
  const files = new Map<string, Uint8Array>();
  const text = (value: string) => new TextEncoder().encode(value);

  const app = await build({
    entryPoints: { app: join(src, "main.ts") },
    outdir: join(dist, "assets"),
    entryNames: "[name]-[hash]",
    chunkNames: "[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    target: ["es2022", "safari15", "chrome100", "firefox100"],
    minify: true,
    sourcemap: "linked",
    write: false,
    logLevel: "warning",
  });
  for (const file of app.outputFiles) files.set(`/${relative(dist, file.path)}`, file.contents);
  const outputs = [...files.keys()];
  const entry = (ext: string) => outputs.find((o) => o.startsWith("/assets/app-") && o.endsWith(ext));
  const js = entry(".js");
  const css = entry(".css");
  if (!js || !css) throw new Error(`esbuild produced no app bundle: ${outputs.join(", ")}`);

  files.set("/icons/icon-192.png", pngIcon(192));
  files.set("/icons/icon-512.png", pngIcon(512));
  files.set("/icons/icon-maskable-512.png", pngIcon(512, true));
  files.set("/icons/icon.svg", readFileSync(join(src, "icon.svg")));
  files.set("/manifest.webmanifest", text(`${JSON.stringify(manifest, null, 2)}\n`));
  files.set(
    "/index.html",
    text(readFileSync(join(src, "index.html"), "utf8").replace("{{js}}", js).replace("{{css}}", css)),
  );

  // The shell the service worker caches: everything built so far except source maps.
  const shell = [...files.keys()].filter((path) => !path.endsWith(".map")).sort();
  const version = createHash("sha256");
  for (const path of shell) version.update(path).update(files.get(path) as Uint8Array);
  const worker = await build({
    entryPoints: [join(src, "service-worker/sw.ts")],
    outfile: join(dist, "sw.js"),
    bundle: true,
    format: "iife",
    target: ["es2022"],
    minify: true,
    write: false,
    define: {
      // The page is cached as "/" (the edge redirects /index.html there; a redirected response
      // cannot answer a navigation).
      SHELL_FILES: JSON.stringify(["/", ...shell.filter((p) => p !== "/index.html")]),
      SHELL_VERSION: JSON.stringify(version.digest("hex").slice(0, 12)),
    },
    logLevel: "warning",
  });
  for (const file of worker.outputFiles) files.set(`/${relative(dist, file.path)}`, file.contents);
  for (const [path, body] of edgeApiReferenceFiles()) files.set(path, body);
  files.set("/_headers", text(HEADERS));

  syncDir(dist, files);
  if (!options.quiet) {
    const size = (p: string) => `${((files.get(p)?.length ?? 0) / 1024).toFixed(1)} KiB`;
    const lazy = outputs.filter((o) => o.endsWith(".js") && o !== js);
    console.log(
      `[web] built web/dist in ${Date.now() - started} ms: ${js} ${size(js)}, ${css} ${size(css)}` +
        (lazy.length ? `, lazy ${lazy.map((o) => `${o} ${size(o)}`).join(", ")}` : ""),
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWeb();
