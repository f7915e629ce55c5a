/**
 * The service worker caches the app shell only (HTML, scripts, styles, icons, manifest) so the
 * player opens instantly and offline. It never touches API calls (/v1/*: they carry tokens and
 * personal data) or the CDN's streams: those requests pass straight to the network.
 */
declare const self: ServiceWorkerGlobalScope;
declare const SHELL_FILES: string[];
declare const SHELL_VERSION: string;

const CACHE = `seeyoo-shell-${SHELL_VERSION}`;
const shell = new Set(SHELL_FILES);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith("seeyoo-shell-") && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/v1/") || url.pathname === "/docs" || url.pathname === "/healthz") return;

  if (request.mode === "navigate") {
    // The network first (a new deploy shows at once); the cached shell when offline.
    event.respondWith(fetch(request).catch(async () => (await caches.match("/")) ?? Response.error()));
    return;
  }
  if (shell.has(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(request)));
  }
});

// A module, so `self` above shadows the global of the same name with the service worker type.
export type {};
