/**
 * /v1/auth/* is the origin's (it holds the signing keys and bcrypt): the edge forwards method,
 * body and the relevant headers with the request id and the viewer's address. Before that it
 * looks at the origin's rate-limit counters (the same rules, @seeyoo/http) and refuses an attempt
 * the origin would refuse anyway. A browser's refresh cookie goes on to refresh and logout (the
 * only cookie the origin sees), and the origin's Set-Cookie comes back.
 */
import {
  authAttempts,
  type Count,
  clientNetwork,
  describeRoute,
  jsonResponse,
  problemResponse,
  rateLimited,
  refreshCookieHeaders,
  refreshCookieParameter,
  resolver,
  tokenDeliveryParameter,
} from "@seeyoo/http";
import {
  AuthResponse,
  ChangePasswordRequest,
  LoginRequest,
  LogoutRequest,
  REFRESH_COOKIE,
  RefreshRequest,
  RegisterRequest,
  TOKEN_DELIVERY_HEADER,
} from "@seeyoo/schema/wire";
import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import type { GenericSchema } from "valibot";
import { requireViewer } from "../../auth/require-viewer.ts";
import type { EdgeEnv } from "../../edge-env.ts";
import { forwardToOrigin } from "../../http/origin-forward.ts";

const FORWARDED_REQUEST_HEADERS = [
  "content-type",
  "accept",
  "accept-language",
  "user-agent",
  "authorization",
  TOKEN_DELIVERY_HEADER,
];

function emailOf(body: string): string | null {
  try {
    const email = (JSON.parse(body) as { email?: unknown }).email;
    return typeof email === "string" ? email : null;
  } catch {
    return null; // the origin answers malformed bodies with 400
  }
}

interface RouteDoc {
  summary: string;
  request: GenericSchema;
  success: 200 | 201 | 204;
  /** Takes the refresh token from the cookie (refresh, logout). */
  readsCookie?: boolean;
  /** Needs an access token (the guard documents it) rather than handing out tokens. */
  bearer?: boolean;
}

const describe = ({ summary, request, success, readsCookie, bearer }: RouteDoc) =>
  describeRoute({
    tags: ["Account"],
    summary,
    parameters: bearer ? [] : [tokenDeliveryParameter, ...(readsCookie ? [refreshCookieParameter] : [])],
    requestBody: { content: { "application/json": { schema: resolver(request) } } },
    responses: {
      [success]:
        success === 204
          ? { description: "Done", ...(bearer ? {} : { headers: refreshCookieHeaders }) }
          : { ...jsonResponse("Signed in", AuthResponse), headers: refreshCookieHeaders },
      400: problemResponse("Invalid body, naming the fields"),
      ...(bearer ? {} : { 401: problemResponse("Wrong credentials or refresh token") }),
      ...(bearer ? { 403: problemResponse("The current password is wrong") } : {}),
      429: problemResponse("Too many attempts from this client network (or for this email); see Retry-After"),
      503: problemResponse("The account service is unreachable; see Retry-After"),
    },
  });

/** Forwards after checking the counters `counts` names for this viewer. */
const forward =
  (counts: (client: string, body: string) => Count[], options: { cookie?: boolean } = {}) =>
  async (c: Context<EdgeEnv>) => {
    const body = await c.req.text();
    const client = clientNetwork(c.req.header("cf-connecting-ip"));
    const verdict = await c.var.services.authLimits.peek(counts(client, body));
    if (!verdict.allowed) throw rateLimited(verdict);
    const cookie = options.cookie ? getCookie(c, REFRESH_COOKIE) : undefined;
    return forwardToOrigin(c, {
      pass: FORWARDED_REQUEST_HEADERS,
      add: cookie ? { cookie: `${REFRESH_COOKIE}=${cookie}` } : {},
      body,
    });
  };

export const authProxyRoutes = new Hono<EdgeEnv>()
  .post(
    "/register",
    describe({ summary: "Create an account", request: RegisterRequest, success: 201 }),
    forward((client) => authAttempts.register(client)),
  )
  .post(
    "/login",
    describe({ summary: "Sign in", request: LoginRequest, success: 200 }),
    forward((client, body) => authAttempts.passwordCheck(emailOf(body), client)),
  )
  .post(
    "/refresh",
    describe({
      summary: "Exchange a refresh token (rotates it)",
      request: RefreshRequest,
      success: 200,
      readsCookie: true,
    }),
    forward((client) => authAttempts.tokenRequest(client), { cookie: true }),
  )
  .post(
    "/logout",
    describe({
      summary: "Sign out (revokes the refresh-token family)",
      request: LogoutRequest,
      success: 204,
      readsCookie: true,
    }),
    forward((client) => authAttempts.tokenRequest(client), { cookie: true }),
  )
  .post(
    "/password",
    describe({
      summary: "Change my password; signs out every other device",
      request: ChangePasswordRequest,
      success: 204,
      bearer: true,
    }),
    requireViewer,
    forward((client) => authAttempts.passwordCheck(null, client)),
  );
