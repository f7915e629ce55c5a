/**
 * /v1/me/devices — the signed-in user's devices (sign-ins), the one this request comes from
 * marked, and signing them out: one, or all but this one. The edge forwards the apps' calls here
 * with their access token; every query is scoped by the token's user.
 */
import { jsonResponse, problemResponse, routeDescriber, validated } from "@seeyoo/http";
import { DeviceList, IdParams, notFound, SignedOutDevices } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import type { AppEnv } from "../services.ts";
import { listDevices, signOutDevice, signOutOtherDevices } from "./device-store.ts";
import { requireViewer } from "./require-viewer.ts";

const describe = routeDescriber("Devices");

export const deviceRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe("My signed-in devices, the most recently used first", {
      200: jsonResponse("The devices; `current` marks the one this token belongs to", DeviceList),
    }),
    requireViewer,
    async (c) => {
      const { id, sessionId } = c.var.viewer;
      const rows = await listDevices(c.var.services.db, id);
      const devices = rows.map((d) => ({
        id: d.id,
        name: d.name,
        createdAt: d.createdAt.toISOString(),
        lastUsedAt: d.lastUsedAt.toISOString(),
        current: d.id === sessionId,
      }));
      return c.json({ devices } satisfies DeviceList);
    },
  )
  .post(
    "/sign-out-others",
    describe("Sign out every device but this one", {
      200: jsonResponse("How many devices were signed out", SignedOutDevices),
    }),
    requireViewer,
    async (c) => {
      const { id, sessionId } = c.var.viewer;
      const signedOut = await signOutOtherDevices(c.var.services.db, id, sessionId, "signed-out");
      return c.json({ signedOut } satisfies SignedOutDevices);
    },
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
    async (c) => {
      const found = await signOutDevice(c.var.services.db, c.var.viewer.id, c.req.valid("param").id);
      if (!found) throw notFound("Device");
      return c.body(null, 204);
    },
  );
