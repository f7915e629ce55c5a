import type { Bindings, Settings } from "./env.ts";
import type { EdgeServices } from "./services.ts";

/** Who is signed in, from a verified access token. */
export interface Viewer {
  id: string;
  role: "viewer" | "admin";
}

export type EdgeEnv = {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    settings: Settings;
    services: EdgeServices;
    viewer: Viewer;
  };
};
