/**
 * /v1/admin/providers — EPG providers and their API keys (admin only). A key is shown once, at
 * creation; deleting a provider revokes its key (the row and its ingest history stay).
 */
import { describeRoute, jsonResponse, problemResponse, validated } from "@seeyoo/http";
import {
  CreatedProvider,
  CreateProviderRequest,
  IdParams,
  notFound,
  ProviderList,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireAdmin } from "../auth/require-admin.ts";
import type { AppEnv } from "../services.ts";
import { createProvider, listProviders, revokeProvider } from "./provider-store.ts";

const TAGS = ["Admin: providers"];

export const providerRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      tags: TAGS,
      summary: "Every provider, revoked ones included (never their keys)",
      responses: { 200: jsonResponse("The providers", ProviderList) },
    }),
    requireAdmin,
    async (c) => c.json({ providers: await listProviders(c.var.services.db) }),
  )
  .post(
    "/",
    describeRoute({
      tags: TAGS,
      summary: "Create a provider and its API key",
      description: "The answer holds the key (`sk_epg_…`) — the only time it is shown. Store it now.",
      responses: {
        201: jsonResponse("The provider and its key", CreatedProvider),
        400: problemResponse("Invalid name"),
        413: problemResponse("Body over BODY_LIMIT_BYTES"),
        415: problemResponse("Not sent as application/json"),
      },
    }),
    requireAdmin,
    validated("json", CreateProviderRequest),
    async (c) => {
      const created = await createProvider(c.var.services.db, c.req.valid("json").name);
      c.header("cache-control", "no-store");
      return c.json(created, 201);
    },
  )
  .delete(
    "/:id",
    describeRoute({
      tags: TAGS,
      summary: "Revoke a provider's key",
      responses: { 204: { description: "Revoked" }, 404: problemResponse("No provider with this id") },
    }),
    requireAdmin,
    validated("param", IdParams),
    async (c) => {
      if (!(await revokeProvider(c.var.services.db, c.req.valid("param").id))) throw notFound("Provider");
      return c.body(null, 204);
    },
  );
