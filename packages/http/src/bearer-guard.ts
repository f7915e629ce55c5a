/**
 * A route guard for `Authorization: Bearer <token>`, with the token's verifier as a parameter:
 * access tokens at the edge and the origin, provider API keys at the origin's ingest API. What
 * the token proves lands on the context under `variable`, typed for the handlers after it, so a
 * route without the guard cannot read it. No token → 401 with a challenge; a token the verifier
 * refuses (null) → 401 `invalid_token`; a holder the route does not permit → 403. Errors the
 * verifier throws (its database is down) propagate: they are not the client's fault. What a guarded
 * route answers is someone's own: unless the route says otherwise, no cache may keep it.
 */
import { ProblemError } from "@seeyoo/schema/wire";
import type { Context, Env, MiddlewareHandler } from "hono";
import { documented, problemResponse } from "./openapi-responses.ts";

export interface BearerGuardOptions<E extends Env, K extends string, H> {
  /** The context variable that holds the token's holder for the handlers after the guard. */
  variable: K;
  /** The realm of the WWW-Authenticate challenge. */
  realm: string;
  /** The OpenAPI security scheme the guarded routes require. */
  scheme: string;
  /** Which header values are looked at all; the first group is the token. */
  pattern: RegExp;
  /** The holder of a valid token, or null when the token is not one this API accepts. */
  verify: (token: string, c: Context<E>) => Promise<H | null | undefined>;
  /** Whether the holder may use the guarded routes (403 otherwise); everyone by default. */
  permits?: (holder: H) => boolean;
  /** Titles of the refusals, for people reading them. */
  titles: { missing: string; invalid: string; forbidden?: string };
}

export function bearerGuard<E extends Env, K extends string, H>(
  options: BearerGuardOptions<E, K, H>,
): MiddlewareHandler<E & { Variables: { [P in K]: H } }> {
  const challenge = (error?: string) =>
    error ? `Bearer realm="${options.realm}", error="${error}"` : `Bearer realm="${options.realm}"`;
  const unauthorized = (title: string, error?: string) =>
    new ProblemError(401, "unauthorized", title, { headers: { "www-authenticate": challenge(error) } });

  const guard: MiddlewareHandler<E & { Variables: { [P in K]: H } }> = async (c, next) => {
    const token = options.pattern.exec(c.req.header("authorization") ?? "")?.[1];
    if (!token) throw unauthorized(options.titles.missing);
    const holder = await options.verify(token, c as unknown as Context<E>);
    if (!holder) throw unauthorized(options.titles.invalid, "invalid_token");
    if (options.permits && !options.permits(holder)) {
      throw new ProblemError(403, "forbidden", options.titles.forbidden ?? "You may not do this");
    }
    (c as unknown as Context<{ Variables: { [P in K]: H } }>).set(options.variable, holder as never);
    await next();
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "private, no-store");
  };
  return documented(guard, {
    security: [{ [options.scheme]: [] }],
    responses: {
      401: problemResponse(options.titles.invalid),
      ...(options.permits ? { 403: problemResponse(options.titles.forbidden ?? "Not permitted") } : {}),
    },
  });
}
