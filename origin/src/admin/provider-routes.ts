/**
 * /v1/admin/providers — EPG providers and their API keys (admin only). A key is shown once, at
 * creation; deleting a provider revokes its key (the row and its ingest history stay).
 */
import { jsonResponse, problemResponse, routeDescriber, validated } from "@seeyoo/http";
import { CreatedProvider, CreateProviderRequest, found, IdParams, ProviderList } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireAdmin } from "../auth/require-admin.ts";
import type { AppEnv } from "../services.ts";
import { createProvider, listProviders, revokeProvider } from "./provider-store.ts";

/** Routes of the providers resource, here and in provider-channel-routes.ts: one tag in the API reference. */
export const describeProviderRoute = routeDescriber("Admin: providers");

export const providerRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeProviderRoute(
      "Every provider, revoked ones included",
      { 200: jsonResponse("The providers", ProviderList) },
      { description: "Keys are never shown again after creation: `apiKeyPrefix` tells them apart." },
    ),
    requireAdmin,
    async (c) => c.json({ providers: await listProviders(c.var.services.db) }),
  )
  .post(
    "/",
    describeProviderRoute(
      "Create a provider and its API key",
      {
        201: jsonResponse("The provider and its key", CreatedProvider),
        400: problemResponse("Invalid name"),
        413: problemResponse("Body over BODY_LIMIT_BYTES"),
        415: problemResponse("Not sent as application/json"),
      },
      { description: "The answer holds the key (`sk_epg_…`) — the only time it is shown. Store it now." },
    ),
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
    describeProviderRoute("Revoke a provider's key", {
      204: { description: "Revoked" },
      404: problemResponse("No such provider"),
    }),
    requireAdmin,
    validated("param", IdParams),
    async (c) => {
      found(await revokeProvider(c.var.services.db, c.req.valid("param").id), "Provider");
      return c.body(null, 204);
    },
  );
