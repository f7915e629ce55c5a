/**
 * /v1/me/devices — the viewer's signed-in devices. The origin owns the sign-ins (refresh-token
 * families), so the edge checks the access token and the id, then forwards with the token; the
 * origin scopes every query by the token's user (another account's device is 404 there).
 */
import { deviceRouteDocs, problemResponse, routeDescriber, validated } from "@seeyoo/http";
import { IdParams } from "@seeyoo/schema/wire";
import { type Context, Hono } from "hono";
import { requireViewer } from "../../auth/require-viewer.ts";
import type { EdgeEnv } from "../../edge-env.ts";
import { forwardToOrigin } from "../../http/origin-forward.ts";

const describe = routeDescriber("Devices", {
  503: problemResponse("The account service is unreachable; see Retry-After"),
});

const toOrigin = (c: Context<EdgeEnv>) => forwardToOrigin(c, { pass: ["authorization", "accept"] });

export const deviceRoutes = new Hono<EdgeEnv>()
  .get("/", describe(...deviceRouteDocs.list), requireViewer, toOrigin)
  .post("/sign-out-others", describe(...deviceRouteDocs.signOutOthers), requireViewer, toOrigin)
  .delete(
    "/:id",
    describe(...deviceRouteDocs.signOut),
    requireViewer,
    validated("param", IdParams),
    toOrigin,
  );
