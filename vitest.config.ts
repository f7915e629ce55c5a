import { defineConfig } from "vitest/config";

// Each workspace owns its vitest config; `npm test` runs them all in one go.
export default defineConfig({
  test: {
    projects: ["packages/schema", "packages/http", "origin", "edge", "tools/*", "e2e"],
  },
});
