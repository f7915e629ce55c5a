/**
 * The tests' own way into the API (to set up users and sessions around what the browser does):
 * openapi-fetch typed by the same generated paths as the player.
 */
import { randomBytes } from "node:crypto";
import createClient from "openapi-fetch";
import type { paths } from "../../web/src/api/schema.generated.ts";

export type Api = ReturnType<typeof createClient<paths>>;

export const apiAt = (edgeUrl: string, accessToken?: string): Api =>
  createClient<paths>({
    baseUrl: edgeUrl,
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
  });

export const newEmail = (label: string) => `e2e-${label}-${randomBytes(4).toString("hex")}@seeyoo.test`;
export const PASSWORD = "e2e-password-1";

/** Registers a new viewer; returns their API client and credentials. */
export async function newViewer(edgeUrl: string, label: string) {
  const email = newEmail(label);
  const { data, error } = await apiAt(edgeUrl).POST("/v1/auth/register", {
    body: { email, password: PASSWORD, name: `E2E ${label}` },
  });
  if (!data) throw new Error(`register failed: ${JSON.stringify(error)}`);
  return { email, password: PASSWORD, api: apiAt(edgeUrl, data.accessToken) };
}

export async function activeChannels(edgeUrl: string) {
  const { data } = await apiAt(edgeUrl).GET("/v1/channels");
  if (!data) throw new Error("GET /v1/channels failed");
  return data.channels;
}

/** The `index`th item, failing the test clearly when there are too few. */
export function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`expected at least ${index + 1} items, got ${items.length}`);
  return item;
}
