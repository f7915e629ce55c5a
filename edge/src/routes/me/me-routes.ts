/** GET /v1/me — the signed-in user, as the database knows them (through the per-user cache tier). */
import { describeRoute, jsonResponse, problemResponse } from "@seeyoo/http";
import { PublicUser } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireViewer } from "../../auth/require-viewer.ts";
import type { EdgeEnv } from "../../edge-env.ts";

export const meRoutes = new Hono<EdgeEnv>().get(
  "/",
  describeRoute({
    tags: ["Account"],
    summary: "The signed-in user",
    description: "401 also when the account no longer exists.",
    responses: {
      200: jsonResponse("The user", PublicUser),
      503: problemResponse("Database unreachable"),
    },
  }),
  requireViewer,
  async (c) => {
    const answer = await c.var.services.viewer.account(c.var.viewer.id);
    return c.body(answer.body, 200, { "content-type": "application/json", "x-seeyoo-cache": answer.source });
  },
);
