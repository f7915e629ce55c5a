/** GET /v1/me — the signed-in user, as the database knows them now. */
import { users } from "@seeyoo/schema/db";
import { ProblemError, PublicUser } from "@seeyoo/schema/wire";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { EdgeEnv } from "../../edge-env.ts";
import { bearerAuth, jsonResponse, problemResponse } from "../../http/openapi-docs.ts";

export const meRoutes = new Hono<EdgeEnv>().get(
  "/",
  describeRoute({
    tags: ["Account"],
    summary: "The signed-in user",
    security: bearerAuth,
    responses: {
      200: jsonResponse("The user", PublicUser),
      401: problemResponse("Not signed in, or the account no longer exists"),
      503: problemResponse("Database unreachable"),
    },
  }),
  async (c) => {
    const [user] = await c.var.services.db.run((db) =>
      db
        .select({ id: users.id, email: users.email, name: users.name, role: users.role })
        .from(users)
        .where(eq(users.id, c.var.viewer.id)),
    );
    if (!user) throw new ProblemError(401, "unauthorized", "This account no longer exists");
    c.header("cache-control", "private, no-store");
    return c.json(user);
  },
);
