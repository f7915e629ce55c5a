import type { Bindings, Settings } from "./env.ts";
import type { EdgeServices } from "./services.ts";

/**
 * The Worker's Hono environment. What a guard proves (the signed-in viewer) is not here: the
 * guard adds it to the routes it is declared on.
 */
export type EdgeEnv = {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    settings: Settings;
    services: EdgeServices;
  };
};
