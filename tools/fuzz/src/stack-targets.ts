/**
 * The two fuzz targets of a running stack (edge and origin), with real credentials so guarded
 * routes are exercised past their 401: a fresh viewer (signed up through the edge), the demo
 * admin (signed in at the origin), and an EPG provider key the admin creates. Known ids (channels,
 * a playback session) let generated requests reach existing rows, not only 404s.
 */
import type { FuzzTarget } from "./fuzz-run.ts";
import type { CaseContext } from "./request-cases.ts";

const ADMIN = { email: "admin@seeyoo.test", password: "admin-demo-pass" };

async function json<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set("cf-connecting-ip", `203.0.113.${Math.floor(Math.random() * 250) + 1}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const response = await fetch(url, {
    ...init,
    headers,
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  if (!response.ok)
    throw new Error(`${init.method ?? "GET"} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function stackTargets(
  urls: { edgeUrl: string; originUrl: string },
  mode: CaseContext["mode"],
): Promise<FuzzTarget[]> {
  const viewer = await json<{ accessToken: string }>(`${urls.edgeUrl}/v1/auth/register`, {
    method: "POST",
    json: {
      email: `fuzz-${crypto.randomUUID().slice(0, 8)}@seeyoo.test`,
      password: "fuzz-password-1",
      name: "Fuzz",
    },
  });
  const admin = await json<{ accessToken: string }>(`${urls.originUrl}/v1/auth/login`, {
    method: "POST",
    json: ADMIN,
  });
  const provider = await json<{ apiKey: string }>(`${urls.originUrl}/v1/admin/providers`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin.accessToken}` },
    json: { name: `fuzz ${new Date().toISOString()}` },
  });
  const { channels } = await json<{ channels: { id: string }[] }>(`${urls.edgeUrl}/v1/channels`);
  const channelIds = channels.map((c) => c.id);
  const session = await json<{ sessionId: string }>(
    `${urls.edgeUrl}/v1/channels/${channelIds[channelIds.length - 1]}/playback`,
    { method: "POST", headers: { authorization: `Bearer ${viewer.accessToken}` } },
  ).catch(() => null);
  const known = { uuids: [...channelIds.slice(0, 5), ...(session ? [session.sessionId] : [])] };

  const [edgeDoc, originDoc] = await Promise.all([
    json(`${urls.edgeUrl}/v1/openapi.json`),
    json(`${urls.originUrl}/v1/openapi.json`),
  ]);
  return [
    {
      name: "edge",
      baseUrl: urls.edgeUrl,
      openApi: edgeDoc,
      context: { known, mode, credentials: { bearerAuth: `Bearer ${viewer.accessToken}` } },
    },
    {
      name: "origin",
      baseUrl: urls.originUrl,
      openApi: originDoc,
      context: {
        known,
        mode,
        credentials: {
          bearerAuth: `Bearer ${admin.accessToken}`,
          providerKey: `Bearer ${provider.apiKey}`,
        },
      },
    },
  ];
}
