/**
 * /v1/me/devices — the signed-in user's devices (sign-ins), the one this request comes from
 * marked, and signing them out: one, or all but this one. The edge forwards the apps' calls here
 * with their access token; every query is scoped by the token's user.
 */
import { deviceRouteDocs, routeDescriber, validated } from "@seeyoo/http";
import { type DeviceList, IdParams, notFound, type SignedOutDevices } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import type { AppEnv } from "../services.ts";
import { listDevices, signOutDevice, signOutOtherDevices } from "./device-store.ts";
import { requireViewer } from "./require-viewer.ts";

const describe = routeDescriber("Devices");

export const deviceRoutes = new Hono<AppEnv>()
  .get("/", describe(...deviceRouteDocs.list), requireViewer, async (c) => {
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
  })
  .post("/sign-out-others", describe(...deviceRouteDocs.signOutOthers), requireViewer, async (c) => {
    const { id, sessionId } = c.var.viewer;
    const signedOut = await signOutOtherDevices(c.var.services.db, id, sessionId, "signed-out");
    return c.json({ signedOut } satisfies SignedOutDevices);
  })
  .delete(
    "/:id",
    describe(...deviceRouteDocs.signOut),
    requireViewer,
    validated("param", IdParams),
    async (c) => {
      const found = await signOutDevice(c.var.services.db, c.var.viewer.id, c.req.valid("param").id);
      if (!found) throw notFound("Device");
      return c.body(null, 204);
    },
  );
