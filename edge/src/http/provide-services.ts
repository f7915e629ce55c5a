import type { MiddlewareHandler } from "hono";
import type { EdgeEnv } from "../edge-env.ts";
import { settingsOf } from "../env.ts";
import { createServices } from "../services.ts";

/** Puts the settings and this request's services on the context, and closes the database after. */
export const provideServices: MiddlewareHandler<EdgeEnv> = async (c, next) => {
  const settings = settingsOf(c.env);
  c.set("settings", settings);
  const services = createServices(settings, c.executionCtx);
  c.set("services", services);
  try {
    await next();
  } finally {
    services.db.close();
  }
};
