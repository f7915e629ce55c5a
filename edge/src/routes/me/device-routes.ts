/**
 * /v1/me/devices — the viewer's signed-in devices. The origin owns the sign-ins (refresh-token
 * families), so the edge checks the access token and the id, then forwards with the token; the
 * origin scopes every query by the token's user (another account's device is 404 there).
 */
import { jsonResponse, problemResponse, routeDescriber, validated } from "@seeyoo/http";
import { DeviceList, IdParams, SignedOutDevices } from "@seeyoo/schema/wire";
import { type Context, Hono } from "hono";
import { requireViewer } from "../../auth/require-viewer.ts";
import type { EdgeEnv } from "../../edge-env.ts";
import { forwardToOrigin } from "../../http/origin-forward.ts";

const describe = routeDescriber("Devices", {
  503: problemResponse("The account service is unreachable; see Retry-After"),
});

const toOrigin = (c: Context<EdgeEnv>) => forwardToOrigin(c, { pass: ["authorization", "accept"] });

export const deviceRoutes = new Hono<EdgeEnv>()
  .get(
    "/",
    describe("My signed-in devices, the most recently used first", {
      200: jsonResponse("The devices; `current` marks the one this token belongs to", DeviceList),
    }),
    requireViewer,
    toOrigin,
  )
  .post(
    "/sign-out-others",
    describe("Sign out every device but this one", {
      200: jsonResponse("How many devices were signed out", SignedOutDevices),
    }),
    requireViewer,
    toOrigin,
  )
  .delete(
    "/:id",
    describe("Sign a device out: its next refresh fails (an access token it holds expires on its own)", {
      204: { description: "Signed out" },
      400: problemResponse("The id is not a device id (UUID)"),
      404: problemResponse("No signed-in device of mine has this id"),
    }),
    requireViewer,
    validated("param", IdParams),
    toOrigin,
  );
