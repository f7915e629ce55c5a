import { bearerGuard } from "@seeyoo/http";
import { findActiveProviderByKey, type IngestProvider } from "../admin/provider-store.ts";
import type { AppEnv } from "../services.ts";

/**
 * Ingest routes: an EPG provider's API key (`Authorization: Bearer sk_epg_…`, made by an admin),
 * checked before the body is read. The provider is `c.var.provider` for the handlers; an unknown
 * or revoked key is a 401.
 */
export const requireProvider = bearerGuard<AppEnv, "provider", IngestProvider>({
  variable: "provider",
  realm: "seeyoo-ingest",
  scheme: "providerKey",
  pattern: /^Bearer (\S+)$/,
  verify: (apiKey, c) => findActiveProviderByKey(c.var.services.db, apiKey),
  titles: {
    missing: "Send the provider API key as a Bearer token",
    invalid: "The API key is unknown or revoked",
  },
});
