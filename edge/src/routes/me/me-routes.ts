/** GET /v1/me — the signed-in user, as the database knows them now. */
import { describeRoute, jsonResponse, problemResponse } from "@seeyoo/http";
import { ProblemError, PublicUser } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireAccount } from "../../auth/require-account.ts";
import { findUser } from "../../db/user-queries.ts";
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
  requireAccount,
  async (c) => {
    const user = await c.var.services.db.run((db) => findUser(db, c.var.viewer.id));
    // Deleted between the guard's check and this read.
    if (!user) throw new ProblemError(401, "unauthorized", "This account no longer exists");
    return c.json(user);
  },
);
