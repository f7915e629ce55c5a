/**
 * The one way the player talks to the API: openapi-fetch, typed by the paths generated from the
 * edge's OpenAPI document. Every request goes through `authorizedFetch`, which adds the access
 * token and, when the API answers 401 to a token, refreshes once and repeats the request.
 */
import createClient from "openapi-fetch";
import type { paths } from "./schema.generated.ts";

export interface Authorizer {
  /** A valid access token (refreshing first if it is about to expire), or null when signed out. */
  accessToken(): Promise<string | null>;
  /** The API refused `rejected`: refresh (once) and return the new token, or null. */
  refreshAfterRejection(rejected: string): Promise<string | null>;
}

let authorizer: Authorizer | null = null;

export function useAuthorizer(next: Authorizer): void {
  authorizer = next;
}

const isAuthCall = (request: Request) => new URL(request.url).pathname.startsWith("/v1/auth/");

async function authorizedFetch(request: Request): Promise<Response> {
  if (!authorizer || isAuthCall(request)) return fetch(request);
  const retry = request.clone();
  const token = await authorizer.accessToken();
  if (token) request.headers.set("authorization", `Bearer ${token}`);
  const response = await fetch(request);
  if (response.status !== 401 || !token) return response;
  const renewed = await authorizer.refreshAfterRejection(token);
  if (!renewed) return response;
  retry.headers.set("authorization", `Bearer ${renewed}`);
  return fetch(retry);
}

export const api = createClient<paths>({
  baseUrl: location.origin,
  fetch: authorizedFetch,
  // The guide takes its channel list comma-separated (`channels=a,b`), not repeated.
  querySerializer: { array: { style: "form", explode: false } },
});

export type { paths };
