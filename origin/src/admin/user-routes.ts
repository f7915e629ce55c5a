/**
 * /v1/admin/users — erasing an account (a viewer's request to be forgotten, or abuse). Its
 * favourites and sign-ins go with it (foreign keys cascade), and its entries in the edge's
 * per-user cache are dropped at once, so its access tokens — still valid for up to their
 * lifetime — answer 401 at the edge from the next request, not after the cache's TTL.
 */
import { problemResponse, routeDescriber, validated } from "@seeyoo/http";
import { found, IdParams } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireAdmin } from "../auth/require-admin.ts";
import { deleteUser } from "../auth/user-store.ts";
import type { AppEnv } from "../services.ts";

const describe = routeDescriber("Admin: users");

export const userRoutes = new Hono<AppEnv>().delete(
  "/:id",
  describe("Delete an account", {
    204: { description: "Deleted, with its favourites and sign-ins" },
    404: problemResponse("No such account"),
  }),
  requireAdmin,
  validated("param", IdParams),
  async (c) => {
    const { id } = c.req.valid("param");
    const s = c.var.services;
    found(await deleteUser(s.db, id), "Account");
    await s.cache.forgetUser(id);
    return c.body(null, 204);
  },
);
